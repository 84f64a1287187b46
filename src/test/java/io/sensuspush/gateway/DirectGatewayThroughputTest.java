package io.sensuspush.gateway;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.apns.ApnsGateway;
import io.sensuspush.gateway.apns.ApnsSettings;
import io.sensuspush.gateway.fcm.FcmGateway;
import io.sensuspush.testing.ApnsStandIn;
import io.sensuspush.testing.FcmStandIn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Pushes per second against the local stand-ins, 64 pushes in flight (printed, not asserted). Run with -Dlong=true. */
@Tag("long")
class DirectGatewayThroughputTest {
    static final int PUSHES = 5000;
    static final int IN_FLIGHT = 64;
    static final Notification MESSAGE = new Notification("req-1", "proto-1", "0ed96702-1c4b-4d3e-9a55-0123456789ab",
            false, "Survey", "Please answer", "default");

    @TempDir
    Path dir;

    @Test
    void fcm() throws Exception {
        try (FcmStandIn fcm = FcmStandIn.start();
             FcmGateway g = FcmGateway.fromServiceAccount(fcm.writeServiceAccount(dir), null, fcm.endpoint(), InCallRetries.standard())) {
            measure("FCM stand-in", g, i -> new PushTarget("d" + i, Format.GCM, "fcm-token-" + i, Instant.now().plusSeconds(3600)));
            assertThat(fcm.accepted()).hasSize(2 * PUSHES);
        }
    }

    @Test
    void apns() throws Exception {
        try (ApnsStandIn apns = ApnsStandIn.start()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 2 * PUSHES; i++) {
                String t = HexFormat.of().withUpperCase().formatHex(java.nio.ByteBuffer.allocate(32).putInt(28, i).array());
                apns.register(t);
                tokens.add(t);
            }
            try (ApnsGateway g = ApnsGateway.open(new ApnsSettings(ApnsStandIn.signingKeyFile(), ApnsStandIn.KEY_ID,
                    ApnsStandIn.TEAM_ID, null, null, ApnsStandIn.TOPIC, false, apns.endpoint(), ApnsStandIn.caFile()),
                    InCallRetries.standard())) {
                measure("mock APNs", g, i -> new PushTarget("d" + i, Format.APPLE, tokens.get(i), Instant.now().plusSeconds(3600)));
            }
            assertThat(apns.accepted()).hasSize(2 * PUSHES);
        }
    }

    /** A warm-up round, then a measured one. */
    private static void measure(String what, Gateway g, IntFunction<PushTarget> target) throws Exception {
        run(g, target, 0);
        long start = System.nanoTime();
        run(g, target, PUSHES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("THROUGHPUT %s: %d pushes in %.2f s = %.0f pushes/s (%d in flight)%n",
                what, PUSHES, seconds, PUSHES / seconds, IN_FLIGHT);
    }

    private static void run(Gateway g, IntFunction<PushTarget> target, int offset) throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Future<DeliveryResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < PUSHES; i++) {
                PushTarget t = target.apply(offset + i);
                inFlight.acquire();
                results.add(pool.submit(() -> {
                    try {
                        return g.deliver(t, MESSAGE);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        for (Future<DeliveryResult> r : results) {
            assertThat(r.get()).isEqualTo(DeliveryResult.DELIVERED);
        }
    }
}
