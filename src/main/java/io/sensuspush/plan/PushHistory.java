package io.sensuspush.plan;

import io.sensuspush.contract.TokenFile;

import java.time.Instant;
import java.util.Map;

/**
 * When things were last pushed, so a pass can pace re-pushes (keys are {@link #requestKey} and
 * {@link #updatesKey}), and which tokens are dead. Read-only for the planner.
 */
public interface PushHistory {
    PushHistory NONE = key -> null;

    /** When this key was last delivered, or null. */
    Instant lastPushed(String key);

    /** True when a push service declared this device's current token dead: pushes to it are held. */
    default boolean isDead(TokenFile token) {
        return false;
    }

    static String requestKey(String backendKey) {
        return "request:" + backendKey;
    }

    static String updatesKey(String device) {
        return "updates:" + device;
    }

    static PushHistory of(Map<String, Instant> map) {
        return map::get;
    }
}
