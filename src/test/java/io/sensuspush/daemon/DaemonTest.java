package io.sensuspush.daemon;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}'s loop against S3Proxy and the Azure hub stand-in, on the real clock. */
class DaemonTest {
    static final String DEVICE = "D1";
    static final String TOKEN = "A".repeat(64);
    static final Duration REPUSH = Duration.ofSeconds(2);

    S3ProxyServer s3;
    AzureHubStandIn hub;
    ObjectStore store;
    AzureGateway gateway;
    Daemon daemon;
    Thread thread;
    Mailbox mailbox;

    @BeforeEach
    void start() {
        s3 = S3ProxyServer.start();
        s3.createBucket("daemon");
        store = s3.store("daemon", "push-notifications");
        mailbox = new Mailbox(store, 8);
        hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, "key");
        gateway = new AzureGateway(AzureConfig.of("x", "hub", AzureConfig.DEFAULT_KEY_NAME, "key").withEndpoint(hub.endpoint()));
        store.put(Mailbox.tokenKey(DEVICE), ContractJson.writeToken(new TokenFile(DEVICE, "P", Format.APPLE, TOKEN)));
        Clock clock = Clock.systemUTC();
        PassRunner runner = new PassRunner(mailbox, gateway, clock,
                new PassRunner.Options(new PassSettings(Duration.ZERO, REPUSH), 8, false));
        // A long scan interval: pushes on time must come from waking for the due time, not from ticks.
        daemon = new Daemon(runner, clock, Duration.ofMillis(700), r -> { });
        thread = Thread.ofPlatform().name("daemon-under-test").start(daemon);
    }

    @AfterEach
    void stop() throws InterruptedException {
        assertThat(daemon.stop(Duration.ofSeconds(10))).as("daemon stops cleanly").isTrue();
        thread.join(10_000);
        gateway.close();
        store.close();
        hub.close();
        s3.close();
    }

    String request(long time) {
        String key = UUID.randomUUID().toString();
        mailbox.writeRequest(new PushRequest(key, UUID.randomUUID().toString(), DEVICE, "P", "Hi", "Body", null,
                Format.APPLE, Instant.now().getEpochSecond(), time, null));
        return key;
    }

    static Predicate<AzureHubStandIn.Push> forKey(String backendKey) {
        return p -> backendKey.equals(p.body().path("backend-key").asText());
    }

    @Test
    void aRequestThatFallsDueWhileServingIsPushedOnTimeAndRepushedOnlyAfterTheInterval() throws Exception {
        long due = Instant.now().getEpochSecond() + 2;
        String first = request(due);

        List<AzureHubStandIn.Push> got = hub.awaitPushes(forKey(first), 1, Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        Instant pushedAt = got.getFirst().receivedAt();
        assertThat(pushedAt).isAfterOrEqualTo(Instant.ofEpochSecond(due));
        assertThat(Duration.between(Instant.ofEpochSecond(due), pushedAt)).isLessThan(Duration.ofMillis(1500));

        // The app acknowledges the first (deletes its file); a second one stays unacknowledged.
        store.delete(List.of(Mailbox.requestKey(first)));
        String second = request(Instant.now().getEpochSecond());
        daemon.passNow();
        List<AzureHubStandIn.Push> twice = hub.awaitPushes(forKey(second), 2, Duration.ofSeconds(10));
        assertThat(twice).hasSize(2);
        assertThat(Duration.between(twice.get(0).receivedAt(), twice.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(REPUSH);
        assertThat(hub.pushes().stream().filter(forKey(first))).as("acknowledged: never pushed again").hasSize(1);
    }
}
