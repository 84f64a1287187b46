package io.sensuspush.faults;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.gateway.InCallRetries;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.AzureHubStandIn.Answer;
import io.sensuspush.testing.FaultProxy;
import io.sensuspush.testing.FaultProxy.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push service failing under passes, through the Azure hub stand-in (and the {@link FaultProxy} in front of
 * it): a hub down for an hour loses nothing and its backlog drains with bounded concurrency when it returns;
 * {@code 429} with {@code Retry-After} is honoured; resets and hangs are left for the next pass.
 */
class GatewayFaultsTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Duration LEAD = Duration.ofMinutes(6);
    static final String KEY = "hub-key";
    static final int CONCURRENCY = 8;

    @TempDir
    Path dir;
    AzureHubStandIn hub;

    @BeforeEach
    void startHub() {
        hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, KEY);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    AzureGateway gateway(URI endpoint, Duration timeout) {
        // Short backoff so the test runs quickly; the policy's shape is what production uses.
        return new AzureGateway(AzureConfig.of("unused", "hub", AzureConfig.DEFAULT_KEY_NAME, KEY)
                .withEndpoint(endpoint).withRequestTimeout(timeout),
                new InCallRetries(3, Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofSeconds(10),
                        InCallRetries.REAL_SLEEPER), Clock.systemUTC());
    }

    static PassSummary pass(ObjectStore store, Gateway gateway, Instant at) {
        return new PassRunner(new Mailbox(store, CONCURRENCY), gateway, Clock.fixed(at, ZoneOffset.UTC),
                new PassRunner.Options(new PassSettings(LEAD, Duration.ofMinutes(5)), CONCURRENCY, false)).runOnce().summary();
    }

    static List<MailboxInvariants.Push> received(AzureHubStandIn hub, Map<String, TokenFile> tokens) {
        Map<String, String> deviceByHandle = new java.util.HashMap<>();
        tokens.forEach((d, t) -> deviceByHandle.put(t.token(), d));
        return hub.pushes().stream().map(p -> {
            var fields = p.format().equals("apple") ? p.body() : p.body().get("message").get("data");
            return new MailboxInvariants.Push(deviceByHandle.get(p.handle()), fields.get("backend-key").asText(),
                    Boolean.parseBoolean(fields.get("update").asText()));
        }).toList();
    }

    @Test
    void aHubDownForAnHourLosesNothingAndTheBacklogDrainsWithBoundedConcurrencyWhenItReturns() {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications");
             AzureGateway gateway = gateway(hub.endpoint(), Duration.ofSeconds(5))) {
            ExampleStudy.Expected expected = ExampleStudy.write(store, new ExampleStudy.Spec(30, 7, 5, NOW, LEAD), 8);
            Map<String, TokenFile> tokens = new Mailbox(store, 8).readTokens().byDevice();
            hub.down(new Answer(503, null, "The service is unavailable."));
            int failedPushes = 0;
            // A pass every 5 minutes for the hour before NOW: every push fails (after its in-call retries).
            for (Instant at = NOW.minus(Duration.ofMinutes(60)); at.isBefore(NOW); at = at.plus(Duration.ofMinutes(5))) {
                PassSummary s = pass(store, gateway, at);
                assertThat(s.pushed() + s.updateNotifications()).isZero();
                failedPushes += s.failed();
            }
            assertThat(failedPushes).isPositive();
            assertThat(hub.pushes()).isEmpty();
            int refusedBeforeUp = hub.refusals().size();
            assertThat(refusedBeforeUp).as("each push tried 1 + 2 times a pass").isEqualTo(3 * failedPushes);

            hub.up();
            PassSummary drained = pass(store, gateway, NOW);
            assertThat(drained.failed()).isZero();
            assertThat(MailboxInvariants.violations(store, expected, tokens, received(hub, tokens))).isEmpty();
            assertThat(hub.maxInFlight()).as("never more than --concurrency pushes at once").isBetween(1, CONCURRENCY);
            System.out.println("gateway faults: hub down an hour, " + refusedBeforeUp + " pushes refused (503), "
                    + hub.pushes().size() + " delivered when it returned, max " + hub.maxInFlight() + " in flight");
        }
    }

    String dueRequest(ObjectStore store) {
        store.put(Mailbox.tokenKey("D1"), ContractJson.writeToken(new TokenFile("D1", "P", Format.APPLE, "A".repeat(64))));
        String key = UUID.randomUUID().toString();
        new Mailbox(store, 1).writeRequest(new PushRequest(key, UUID.randomUUID().toString(), "D1", "P", "Hi", "Body",
                null, Format.APPLE, NOW.getEpochSecond() - 60, NOW.getEpochSecond(), null));
        return key;
    }

    @Test
    void retryAfterOfA429IsHonouredWithinThePassAndALongOneIsLeftForTheNextPass() {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications");
             AzureGateway gateway = gateway(hub.endpoint(), Duration.ofSeconds(5))) {
            String key = dueRequest(store);
            hub.failNext(1, Answer.retryAfter(429, "1"));
            PassSummary first = pass(store, gateway, NOW);
            assertThat(first.pushed()).isEqualTo(1);
            Instant refusedAt = hub.refusals().getFirst().at();
            assertThat(Duration.between(refusedAt, hub.pushes().getFirst().receivedAt()))
                    .as("waited the Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));

            // A Retry-After longer than a pass should wait: given up at once, the request stays, the next pass pushes it.
            hub.failNext(1, Answer.retryAfter(429, "120"));
            PassSummary paced = pass(store, gateway, NOW.plus(Duration.ofMinutes(6)));
            assertThat(paced.failed()).isEqualTo(1);
            assertThat(hub.refusals()).hasSize(2);
            assertThat(store.get(Mailbox.requestKey(key))).isPresent();
            assertThat(pass(store, gateway, NOW.plus(Duration.ofMinutes(8))).pushed()).isEqualTo(1);
        }
    }

    @Test
    void resetConnectionsAndAHungHubAreLeftForTheNextPass() {
        try (FaultProxy proxy = FaultProxy.start(hub.endpoint());
             ObjectStore store = new DirectoryObjectStore(dir, "push-notifications");
             AzureGateway gateway = gateway(proxy.endpoint(), Duration.ofMillis(500))) {
            hub.acceptSasFor(proxy.endpoint());
            String key = dueRequest(store);
            proxy.schedule(n -> n % 2 == 1 ? Fault.RESET : Fault.HANG);
            PassSummary failed = pass(store, gateway, NOW);
            assertThat(failed.failed()).isEqualTo(1);
            assertThat(proxy.injected(Fault.RESET) + proxy.injected(Fault.HANG)).isEqualTo(3);
            assertThat(store.get(Mailbox.requestKey(key))).as("left for the next pass").isPresent();
            proxy.up();
            assertThat(pass(store, gateway, NOW.plusSeconds(30)).pushed()).isEqualTo(1);
            assertThat(hub.pushes()).hasSize(1);
        }
    }
}
