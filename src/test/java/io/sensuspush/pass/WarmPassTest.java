package io.sensuspush.pass;

import io.sensuspush.testing.MutableClock;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.LogGateway;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.plan.Plan;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.testing.CountingObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A pass of a long-running runner (warm snapshot) plans exactly what a fresh runner (cold read) plans. */
class WarmPassTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final PassSettings SETTINGS = new PassSettings(Duration.ofMinutes(6), Duration.ofMinutes(5));

    @TempDir
    Path dir;

    @Test
    void aWarmPassPlansWhatAColdPassPlans() {
        CountingObjectStore store = new CountingObjectStore(new DirectoryObjectStore(dir, "push-notifications"));
        ExampleStudy.write(store, new ExampleStudy.Spec(40, 7, 11, NOW, Duration.ofMinutes(6)), 8);
        MutableClock clock = new MutableClock(NOW);
        PassRunner warm = new PassRunner(new Mailbox(store, 8), new LogGateway(new PrintWriter(new StringWriter())),
                clock, new PassRunner.Options(SETTINGS, 8, false));
        store.reset();
        PassSummary first = warm.runOnce().summary();
        assertThat(warm.lastRead().full()).isTrue();
        // Deletions are handed to the store in batches, not one call per device.
        assertThat(store.deleteCalls()).isLessThanOrEqualTo(5 + first.rejected());

        // The app and operators change the mailbox between passes.
        Mailbox mailbox = new Mailbox(store, 8);
        List<RequestFile> left = mailbox.readRequests(mailbox.listRequests());
        PushRequest some = left.stream().filter(f -> f instanceof RequestFile.Valid).map(f -> ((RequestFile.Valid) f).request())
                .filter(r -> !r.isUpdate()).findFirst().orElseThrow();
        store.delete(List.of(Mailbox.requestKey(some.backendKey()))); // acknowledged by the app
        PushRequest other = left.stream().filter(f -> f instanceof RequestFile.Valid).map(f -> ((RequestFile.Valid) f).request())
                .filter(r -> !r.backendKey().equals(some.backendKey())).findFirst().orElseThrow();
        mailbox.writeRequest(new PushRequest(other.backendKey(), other.id(), other.device(), other.protocol(), "Rewritten",
                "in place", null, other.format(), other.creationTime(), NOW.getEpochSecond(), null));
        TokenFile token = mailbox.readTokens().byDevice().values().stream().filter(TokenFile::hasToken).findFirst().orElseThrow();
        store.put(Mailbox.tokenKey(token.device()), ContractJson.writeToken(
                new TokenFile(token.device(), token.protocol(), Format.GCM, "new-token-" + UUID.randomUUID())));
        ExampleStudy.write(store, new ExampleStudy.Spec(5, 7, 12, NOW.plusSeconds(60), Duration.ofMinutes(6)), 8);

        clock.set(NOW.plus(Duration.ofMinutes(6)));
        AtomicReference<Plan> cold = new AtomicReference<>();
        new PassRunner(new Mailbox(store, 8), new LogGateway(new PrintWriter(new StringWriter())), clock,
                new PassRunner.Options(SETTINGS, 8, true)).onPlan(cold::set).runOnce();
        AtomicReference<Plan> second = new AtomicReference<>();
        store.reset();
        warm.onPlan(second::set).runOnce();

        assertThat(warm.lastRead().full()).isFalse();
        assertThat(warm.lastRead().fetched()).isLessThan(warm.lastRead().listed() / 2);
        // Only new and changed files were fetched (plus one more get of each broken file, to move it aside).
        assertThat(store.gets("requests/"))
                .isEqualTo(warm.lastRead().fetched() - store.gets("tokens/") + second.get().rejections().size());
        assertThat(second.get().userPushes()).isNotEmpty();
        assertThat(second.get()).isEqualTo(cold.get());
    }
}
