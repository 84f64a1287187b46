package io.sensuspush.cli;

import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoreLock;
import io.sensuspush.store.StoredObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sensus-push run} on the local directory store with the log gateway, through the real CLI. */
class RunCommandTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;
    ExampleStudy.Expected expected;

    @BeforeEach
    void writeStudy() {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            expected = ExampleStudy.write(store, new ExampleStudy.Spec(20, 7, 42, NOW, Duration.ofMinutes(6)), 4);
        }
    }

    List<String> requestKeys() {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            return store.list(Mailbox.REQUESTS).stream().map(StoredObject::key).toList();
        }
    }

    @Test
    void onePassPrintsEachPushAndASummaryAndLeavesTheExpectedRequests() {
        var r = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        long pushLines = r.out().lines().filter(l -> l.startsWith("{\"gateway\":\"log\"")).count();
        int pushes = expected.userPushes().size() + expected.unacknowledgeablePushes().size();
        assertThat(pushLines).isEqualTo(pushes + expected.updateNotifiedDevices().size());
        assertThat(r.out()).contains("pushed " + pushes + ", update notifications " + expected.updateNotifiedDevices().size()
                + ", packed " + expected.deletedByReason().get("packed"));
        assertThat(r.out()).contains("waiting " + expected.waiting());
        assertThat(requestKeys()).containsExactlyInAnyOrderElementsOf(expected.remainingRequests());
    }

    @Test
    void aSecondPassWithinTheRepushIntervalPushesNothingButOneAfterItPushesAgain() {
        new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.toString());
        var again = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.plusSeconds(60).toString());
        assertThat(again.out()).contains("pushed 0, update notifications 0");

        var later = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.plusSeconds(301).toString());
        assertThat(later.out()).contains("pushed " + expected.userPushes().size() + ",");
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        List<String> before = requestKeys();
        var r = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.toString(), "--dry-run");
        assertThat(r.exitCode()).isZero();
        assertThat(requestKeys()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(r.out()).contains("{\"action\":\"push\"", "{\"action\":\"write-updates\"", "{\"action\":\"wait\"",
                "\"reason\":\"obsolete\"", "dry run, nothing changed");
        assertThat(r.out()).doesNotContain("{\"gateway\":\"log\"");
        assertThat(Files.exists(dir.resolve("push-notifications/backend/push-history.json"))).isFalse();
    }

    @Test
    void optionsComeFromTheEnvironmentAndTheConfigFileCommandLineFirst() throws Exception {
        Path config = dir.resolve("sensus-push.properties");
        Files.writeString(config, "store = /nonexistent/should-be-overridden\nlead = 0s\n");
        // env wins over the file; --now on the command line.
        var r = new CliRunner(Map.of("SENSUS_PUSH_STORE", dir.toString()))
                .run("run", "--config", config.toString(), "--now", NOW.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // With lead 0 fewer requests are due than with 6m? Both are computed around lead 6m; lead 0 makes the
        // requests due in the last 6 minutes wait instead.
        var withLead = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.toString(), "--dry-run");
        assertThat(count(r.out(), "\"action\":\"wait\"")).isGreaterThan(count(withLead.out(), "\"action\":\"wait\""));
    }

    @Test
    void aHeldLockMeansNothingIsDoneAndExitCode3() {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            Optional<StoreLock> lock = store.tryLock("other", Duration.ofMinutes(5));
            assertThat(lock).isPresent();
            var r = new CliRunner().run("run", "--store", dir.toString(), "--now", NOW.toString());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out()).contains("another pass holds the lock");
            lock.get().close();
        }
        assertThat(requestKeys()).hasSizeGreaterThan(expected.remainingRequests().size());
    }

    @Test
    void badOptionsGiveAClearMessageNotAStackTrace() {
        var r = new CliRunner().run("run", "--store", dir.toString(), "--lead", "soon");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'soon' is not a duration").doesNotContain("at io.sensuspush");
        var missing = new CliRunner().run("run", "--config", dir.resolve("nope.properties").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read config file");
    }

    static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }
}
