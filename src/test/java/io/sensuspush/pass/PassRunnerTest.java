package io.sensuspush.pass;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Carrying out passes on the directory store through the Azure hub stand-in. */
class PassRunnerTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String DEVICE = "DEV-1";
    static final String DEAD = "D".repeat(64);
    static final String FRESH = "F".repeat(64);

    @TempDir
    Path dir;
    ObjectStore store;
    Mailbox mailbox;
    AzureHubStandIn hub;
    AzureGateway gateway;

    @BeforeEach
    void start() {
        store = new DirectoryObjectStore(dir, "push-notifications");
        mailbox = new Mailbox(store, 4);
        hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, "key");
        gateway = new AzureGateway(AzureConfig.of("x", "hub", AzureConfig.DEFAULT_KEY_NAME, "key").withEndpoint(hub.endpoint()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        hub.close();
        store.close();
    }

    PassSummary pass(Instant at) {
        return new PassRunner(new Mailbox(store, 4), gateway, Clock.fixed(at, ZoneOffset.UTC),
                new PassRunner.Options(new PassSettings(Duration.ZERO, Duration.ofMinutes(5)), 4, false)).runOnce().summary();
    }

    void token(String token) {
        store.put(Mailbox.tokenKey(DEVICE), ContractJson.writeToken(new TokenFile(DEVICE, "P", Format.APPLE, token)));
    }

    /** Writes a user-facing request due at {@link #NOW}; returns its backend key. */
    String requestDueNow() {
        String key = UUID.randomUUID().toString();
        mailbox.writeRequest(new PushRequest(key, "id", DEVICE, "P", "t", "b", null, Format.APPLE,
                NOW.getEpochSecond(), NOW.getEpochSecond(), null));
        return key;
    }

    @Test
    void aDeadTokenIsRecordedAndNotPushedAgainUntilTheAppRegistersANewOne() {
        token(DEAD);
        hub.answerFor(DEAD, AzureHubStandIn.Answer.of(410, "The device handle is expired."));
        String key = requestDueNow();

        PassSummary first = pass(NOW);
        assertThat(first.deadTokens()).isEqualTo(1);
        assertThat(PushLedger.load(store).deadTokens()).containsKey(DEVICE);
        assertThat(new String(store.get(PushLedger.KEY).orElseThrow())).doesNotContain(DEAD);
        int requests = hub.requestCount();

        // Past the re-push interval: still not pushed, the request is kept.
        PassSummary second = pass(NOW.plusSeconds(600));
        assertThat(second.heldForDeadTokens()).isEqualTo(1);
        assertThat(hub.requestCount()).isEqualTo(requests);
        assertThat(store.get(Mailbox.requestKey(key))).isPresent();

        // The app registers a new token: pushes resume, and the dead record is forgotten.
        token(FRESH);
        PassSummary third = pass(NOW.plusSeconds(700));
        assertThat(third.pushed()).isEqualTo(1);
        assertThat(hub.pushes()).extracting(AzureHubStandIn.Push::handle).containsExactly(FRESH);
        assertThat(PushLedger.load(store).deadTokens()).isEmpty();
    }

    @Test
    void aMalformedMessageIsNotRetriedBeforeTheRepushInterval() {
        token(FRESH);
        hub.answerFor(FRESH, AzureHubStandIn.Answer.of(400, "The payload is invalid."));
        String key = requestDueNow();
        assertThat(pass(NOW).badMessages()).isEqualTo(1);
        int requests = hub.requestCount();
        PassSummary soon = pass(NOW.plusSeconds(60));
        assertThat(soon.paced()).isEqualTo(1);
        assertThat(hub.requestCount()).isEqualTo(requests);
        assertThat(pass(NOW.plusSeconds(301)).badMessages()).isEqualTo(1);
        assertThat(store.get(Mailbox.requestKey(key))).as("kept until it expires").isPresent();
    }

    @Test
    void aDueWakeUpPushesFromTheSnapshotWithoutListingAndSkipsAcknowledgedRequests() {
        token(FRESH);
        io.sensuspush.testing.CountingObjectStore counting = new io.sensuspush.testing.CountingObjectStore(store);
        MutableClock clock = new MutableClock(NOW);
        PassRunner runner = new PassRunner(new Mailbox(counting, 4), gateway, clock,
                new PassRunner.Options(new PassSettings(Duration.ZERO, Duration.ofMinutes(5)), 4, false));
        String later = UUID.randomUUID().toString();
        String acknowledged = UUID.randomUUID().toString();
        String cancelled = UUID.randomUUID().toString();
        for (String key : new String[]{later, acknowledged, cancelled}) {
            mailbox.writeRequest(new PushRequest(key, key, DEVICE, "P", "t", "b", null, Format.APPLE,
                    NOW.getEpochSecond(), NOW.getEpochSecond() + 60, null));
        }
        PassRunner.Result scan = runner.runOnce();
        assertThat(scan.summary().waiting()).isEqualTo(3);
        assertThat(scan.plan().orElseThrow().nextDueEpochSecond()).hasValue(NOW.getEpochSecond() + 60);

        store.delete(java.util.List.of(Mailbox.requestKey(acknowledged))); // the app acknowledged it meanwhile
        store.put(Mailbox.requestKey(cancelled), new byte[0]); // and cancelled another (an empty file)
        counting.reset();
        clock.set(NOW.plusSeconds(60));
        PassRunner.Result due = runner.pushDue();

        assertThat(due.summary().pushed()).isEqualTo(1);
        assertThat(hub.pushes()).extracting(p -> p.body().path("backend-key").asText()).containsExactly(later);
        assertThat(counting.lists()).as("no listing on a due wake-up").isZero();
    }

    /** The store, with listings of {@code requests/} held until the test lets them go. */
    static final class HeldListingStore implements ObjectStore {
        final ObjectStore delegate;
        final java.util.concurrent.CountDownLatch listing = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        volatile boolean hold;

        HeldListingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override public String describe() { return delegate.describe(); }
        @Override public java.util.Optional<byte[]> get(String key) { return delegate.get(key); }
        @Override public void put(String key, byte[] content) { delegate.put(key, content); }
        @Override public void delete(java.util.Collection<String> keys) { delegate.delete(keys); }
        @Override public java.util.Optional<io.sensuspush.store.StoreLock> tryLock(String owner, Duration ttl) {
            return delegate.tryLock(owner, ttl);
        }
        @Override public void close() { }

        @Override
        public java.util.List<io.sensuspush.store.StoredObject> list(String prefix) {
            if (hold && prefix.equals(Mailbox.REQUESTS)) {
                listing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.list(prefix);
        }
    }

    @Test
    void aDueWakeUpIsNotHeldUpByALongScanAndNothingIsPushedTwice() throws Exception {
        token(FRESH);
        HeldListingStore held = new HeldListingStore(store);
        MutableClock clock = new MutableClock(NOW);
        PassRunner runner = new PassRunner(new Mailbox(held, 4), gateway, clock,
                new PassRunner.Options(new PassSettings(Duration.ZERO, Duration.ofMinutes(5)), 4, false));
        String key = UUID.randomUUID().toString();
        mailbox.writeRequest(new PushRequest(key, key, DEVICE, "P", "t", "b", null, Format.APPLE,
                NOW.getEpochSecond(), NOW.getEpochSecond() + 60, null));
        assertThat(runner.runOnce().summary().waiting()).isEqualTo(1);

        clock.set(NOW.plusSeconds(60));
        held.hold = true;
        var scan = java.util.concurrent.CompletableFuture.supplyAsync(runner::runOnce);
        assertThat(held.listing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the scan is listing

        PassRunner.Result due = runner.pushDue(); // while the scan holds the pass lock and lists
        assertThat(due.summary().pushed()).isEqualTo(1);

        held.release.countDown();
        PassSummary scanned = scan.get(30, java.util.concurrent.TimeUnit.SECONDS).summary();
        assertThat(scanned.pushed()).as("the scan sees it was just pushed").isZero();
        assertThat(hub.pushes()).hasSize(1);
    }

    @Test
    void aDueWakeUpHonoursTheNewestFileOfAnId() {
        token(FRESH);
        MutableClock clock = new MutableClock(NOW);
        PassRunner runner = new PassRunner(new Mailbox(store, 4), gateway, clock,
                new PassRunner.Options(new PassSettings(Duration.ZERO, Duration.ofMinutes(5)), 4, false));
        // The older file of "survey" falls due in a minute; the newer one moved it to tomorrow.
        String older = UUID.randomUUID().toString();
        String newer = UUID.randomUUID().toString();
        mailbox.writeRequest(new PushRequest(older, "survey", DEVICE, "P", "t", "b", null, Format.APPLE,
                NOW.getEpochSecond() - 100, NOW.getEpochSecond() + 60, null));
        mailbox.writeRequest(new PushRequest(newer, "survey", DEVICE, "P", "t", "b", null, Format.APPLE,
                NOW.getEpochSecond() - 50, NOW.getEpochSecond() + 86_000, null));
        // The scan reads both (its snapshot keeps both until the next listing) and deletes the older as obsolete.
        runner.runOnce();
        clock.set(NOW.plusSeconds(60));
        assertThat(runner.pushDue().summary().pushed()).isZero();
        assertThat(hub.pushes()).isEmpty();
    }

    @Test
    void aFailedPushLeavesItsRequestForTheNextPass() {
        token(FRESH);
        hub.failNext(3, AzureHubStandIn.Answer.of(503, "Service unavailable"));
        String key = requestDueNow();
        PassSummary first = pass(NOW);
        assertThat(first.retryLater()).isEqualTo(1);
        assertThat(store.get(Mailbox.requestKey(key))).isPresent();
        // Not paced: it was never delivered, so the next pass tries again at once.
        PassSummary second = pass(NOW.plusSeconds(30));
        assertThat(second.pushed()).isEqualTo(1);
        assertThat(hub.pushes()).hasSize(1);
    }
}
