package io.sensuspush.gateway.azure;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.testing.AzureHubStandIn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes per second through the Azure gateway to the local stand-in hub, 64 virtual threads.
 * Prints the figure; asserts only that every push arrived. Run with
 * {@code mvn -o -B test -Dlong=true -Dtest=AzureGatewayThroughputTest}.
 */
@Tag("long")
class AzureGatewayThroughputTest {
    static final int THREADS = Integer.getInteger("bench.threads", 64);
    static final int PUSHES = 5_000;
    static final int WARM_UP = 500;

    @Test
    void pushesPerSecond() throws InterruptedException {
        try (AzureHubStandIn hub = AzureHubStandIn.start("bench-hub", "DefaultFullSharedAccessSignature", "bench-key");
             AzureGateway gateway = new AzureGateway(new AzureConfig(hub.endpoint(), "bench-hub",
                     "DefaultFullSharedAccessSignature", "bench-key", AndroidFormat.fcmv1, Duration.ofMinutes(60),
                     Duration.ofSeconds(10), 2))) {
            run(gateway, WARM_UP);
            long start = System.nanoTime();
            AtomicInteger delivered = run(gateway, PUSHES);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("AzureGateway -> stand-in hub: %d pushes with %d virtual threads in %.2f s = %.0f pushes/s%n",
                    PUSHES, THREADS, seconds, PUSHES / seconds);
            assertThat(delivered.get()).isEqualTo(PUSHES);
            assertThat(hub.pushes()).hasSize(WARM_UP + PUSHES);
        }
    }

    private static AtomicInteger run(AzureGateway gateway, int pushes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i; (i = next.getAndIncrement()) < pushes; ) {
                    boolean apple = i % 2 == 0;
                    PushTarget target = new PushTarget("device-" + i, apple ? Format.APPLE : Format.GCM,
                            String.format("%064X", i), null);
                    Notification n = new Notification("id-" + i, "protocol", "", false, "Survey", "Please answer", "default");
                    DeliveryResult r = gateway.deliver(target, n);
                    if (r.delivered()) {
                        delivered.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return delivered;
    }
}
