package io.sensuspush.faults;

import io.sensuspush.contract.Notification;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.CrashingMain;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract §2, "nothing may be lost", under SIGKILL: a real {@code sensus-push run} in a child JVM
 * ({@link CrashingMain}) dies right after the N-th store write, store delete or delivered push of its pass, for
 * many N spread over the whole pass (and, in the SIGKILL variant, is killed with {@link Process#destroyForcibly}
 * while it pushes). Then one complete pass runs, and {@link MailboxInvariants} checks the mailbox and the pushes
 * of both passes against {@link ExampleStudy}'s expectation: no request, update entry, rejected file or push lost.
 * The long variants ({@code -Dlong=true}) try every kill point of the pass.
 */
class CrashSafetyTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Duration LEAD = Duration.ofMinutes(6);
    static final AtomicInteger KILL_POINTS = new AtomicInteger();
    static final List<String> LOST = new CopyOnWriteArrayList<>();
    static final List<Long> PASS_SIZES = new CopyOnWriteArrayList<>();
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        s3.createBucket("crash");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        System.out.printf("crash safety: %d kill points tried (passes of %s mutations), %d things lost%s%n",
                KILL_POINTS.get(), PASS_SIZES, LOST.size(),
                LOST.isEmpty() ? "" : ": " + LOST);
    }

    /** Where a study lives: how the child names it (its store options) and how the test opens it. */
    interface Target {
        List<String> storeArgs();

        ObjectStore open();

        /** A crashed child's pass lock, if the store keeps one that outlives the process. */
        default void expireLock(ObjectStore store) {
        }
    }

    record DirectoryTarget(Path dir) implements Target {
        public List<String> storeArgs() {
            return List.of("--store", dir.toString());
        }

        public ObjectStore open() {
            return new DirectoryObjectStore(dir, "push-notifications");
        }
    }

    record S3Target(String prefix) implements Target {
        public List<String> storeArgs() {
            return List.of("--store", "s3://crash/" + prefix, "--s3-endpoint", s3.endpoint().toString(),
                    "--s3-region", S3ProxyServer.REGION);
        }

        public ObjectStore open() {
            return s3.store("crash", prefix);
        }

        /** The S3 lease of a killed holder expires after PassRunner's 5-minute TTL; the test does not wait that long. */
        public void expireLock(ObjectStore store) {
            store.delete(List.of(Mailbox.BACKEND + "pass-lock.json"));
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void killedAfterAnyOfThirtyMutationsSpreadOverAPassOnADirectoryStoreNothingIsLost() throws Exception {
        killAtSpreadPoints(i -> new DirectoryTarget(tmp.resolve("k" + i)), 42, 30);
    }

    @Test
    void killedAfterAnyOfFiveMutationsSpreadOverAPassOnS3NothingIsLost() throws Exception {
        killAtSpreadPoints(i -> new S3Target("spread-" + i), 43, 5);
    }

    @Test
    void sigkilledWhilePushingNothingIsLost() throws Exception {
        for (int pushes : List.of(1, 7, 20)) {
            Target target = new DirectoryTarget(tmp.resolve("sigkill-" + pushes));
            crashAndCheck(target, 44, 0, pushes);
        }
    }

    @Test
    @Tag("long")
    void killedAfterEveryMutationOfAPassOnADirectoryStoreNothingIsLost() throws Exception {
        for (long seed : List.of(1L, 2L)) {
            killAtSpreadPoints(i -> new DirectoryTarget(tmp.resolve("all-" + seed + "-" + i)), seed, Integer.MAX_VALUE);
        }
    }

    @Test
    @Tag("long")
    void killedAfterEveryMutationOfAPassOnS3NothingIsLost() throws Exception {
        killAtSpreadPoints(i -> new S3Target("all-" + i), 3, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- helpers

    /** Counts the mutations of one whole pass, then kills a pass after {@code points} of them, evenly spread. */
    void killAtSpreadPoints(Function<Integer, Target> targets, long seed, int points) throws Exception {
        Child whole = crashAndCheck(targets.apply(0), seed, 0, 0);
        assertThat(whole.exitCode()).as(whole.stderr()).isZero();
        long total = whole.mutations();
        PASS_SIZES.add(total);
        assertThat(total).as("mutations of one pass").isGreaterThan(50);
        int n = (int) Math.min(points, total);
        for (int i = 0; i < n; i++) {
            long crashAfter = n == 1 ? 1 : 1 + (long) i * (total - 1) / (n - 1);
            Child child = crashAndCheck(targets.apply(i + 1), seed, crashAfter, 0);
            assertThat(child.exitCode()).as("halted after mutation " + crashAfter + ": " + child.stderr())
                    .isEqualTo(CrashingMain.HALTED);
        }
    }

    /**
     * Writes a study, runs the child on it (halting after mutation {@code crashAfter}, or SIGKILLed after
     * {@code killAfterPushes} pushes, or neither), then one complete pass, and checks the invariants.
     */
    Child crashAndCheck(Target target, long seed, long crashAfter, int killAfterPushes) throws Exception {
        ExampleStudy.Expected expected;
        Map<String, TokenFile> tokens;
        try (ObjectStore store = target.open()) {
            expected = ExampleStudy.write(store, new ExampleStudy.Spec(20, 7, seed, NOW, LEAD), 8);
            tokens = new Mailbox(store, 8).readTokens().byDevice();
        }
        Child child = runChild(target.storeArgs(), crashAfter, killAfterPushes);
        List<MailboxInvariants.Push> pushes = new ArrayList<>(child.pushes());
        try (ObjectStore store = target.open()) {
            if (crashAfter > 0 || killAfterPushes > 0) {
                target.expireLock(store);
            }
            Gateway recording = new Gateway() {
                public String name() {
                    return "recording";
                }

                public DeliveryResult deliver(PushTarget t, Notification n) {
                    synchronized (pushes) {
                        pushes.add(new MailboxInvariants.Push(t.device(), n.backendKey(), n.update()));
                    }
                    return DeliveryResult.DELIVERED;
                }
            };
            PassRunner.Result completion = new PassRunner(new Mailbox(store, 4), recording, Clock.fixed(NOW, ZoneOffset.UTC),
                    new PassRunner.Options(new PassSettings(LEAD, Duration.ofMinutes(5)), 4, false)).runOnce();
            assertThat(completion.skipped()).as("the completing pass got the lock").isFalse();
            List<String> problems = MailboxInvariants.violations(store, expected, tokens, pushes);
            String point = crashAfter > 0 ? "after mutation " + crashAfter
                    : killAfterPushes > 0 ? "SIGKILL after " + killAfterPushes + " pushes" : "no crash";
            if (crashAfter > 0 || killAfterPushes > 0) {
                KILL_POINTS.incrementAndGet();
            }
            problems.forEach(p -> LOST.add(point + ": " + p));
            assertThat(problems).as("killed " + point).isEmpty();
        }
        return child;
    }

    record Child(int exitCode, List<MailboxInvariants.Push> pushes, String stderr, long mutations) {
    }

    Child runChild(List<String> storeArgs, long crashAfter, int killAfterPushes) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "--sun-misc-unsafe-memory-access=allow", "-Daws.disableEc2Metadata=true",
                "-Daws.accessKeyId=" + S3ProxyServer.ACCESS_KEY, "-Daws.secretAccessKey=" + S3ProxyServer.SECRET_KEY,
                "-Dsensuspush.crashAfter=" + crashAfter,
                "-cp", System.getProperty("java.class.path"),
                CrashingMain.class.getName(), "run", "--now", NOW.toString(), "--concurrency", "4"));
        cmd.addAll(storeArgs);
        Path err = Files.createTempFile(tmp, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        List<MailboxInvariants.Push> pushes = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("{\"gateway\":\"log\"")) {
                    pushes.add(MailboxInvariants.Push.fromLogLine(line));
                    if (pushes.size() == killAfterPushes) {
                        p.destroyForcibly(); // SIGKILL
                        break;
                    }
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not finish: " + cmd);
        }
        String stderr = Files.readString(err);
        long mutations = stderr.lines().filter(l -> l.startsWith(CrashingMain.COUNT_LINE))
                .mapToLong(l -> Long.parseLong(l.substring(CrashingMain.COUNT_LINE.length()).strip())).findFirst().orElse(-1);
        return new Child(p.exitValue(), pushes, stderr, mutations);
    }
}
