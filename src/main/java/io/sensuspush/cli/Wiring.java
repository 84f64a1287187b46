package io.sensuspush.cli;

import io.sensuspush.gateway.Gateway;
import io.sensuspush.store.ObjectStore;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The one seam between the commands and the store and gateway they open: a wrapper applied to each
 * (the identity unless a test installs another). The crash-safety suite runs the real {@code main} in a
 * child process with wrappers that halt the process after a chosen store write or push.
 */
public final class Wiring {
    private static volatile UnaryOperator<ObjectStore> storeWrapper = UnaryOperator.identity();
    private static volatile UnaryOperator<Gateway> gatewayWrapper = UnaryOperator.identity();

    private Wiring() {
    }

    /** Wraps every store and gateway the commands open from now on in this JVM. */
    public static void install(UnaryOperator<ObjectStore> stores, UnaryOperator<Gateway> gateways) {
        storeWrapper = Objects.requireNonNull(stores);
        gatewayWrapper = Objects.requireNonNull(gateways);
    }

    static ObjectStore wrap(ObjectStore store) {
        return storeWrapper.apply(store);
    }

    static Gateway wrap(Gateway gateway) {
        return gatewayWrapper.apply(gateway);
    }
}
