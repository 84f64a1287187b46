package io.sensuspush.faults;

import io.sensuspush.cli.Main;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.daemon.Daemon;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.pass.PassObserver;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.S3ObjectStore;
import io.sensuspush.store.StoreException;
import io.sensuspush.testing.FaultProxy;
import io.sensuspush.testing.FaultProxy.Fault;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store failing under a pass: S3Proxy behind a {@link FaultProxy} that answers {@code 503 SlowDown} and
 * {@code 500 InternalError}, resets connections and hangs. The store retries with backoff; a {@code run} that still
 * cannot reach it exits 1 with one line; {@code serve} keeps going and recovers; a pass cut short by the store
 * leaves nothing the next pass cannot finish.
 */
class StoreFaultsTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Duration LEAD = Duration.ofMinutes(6);
    static final AtomicInteger FAULTS = new AtomicInteger();
    static S3ProxyServer s3;
    FaultProxy proxy;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        s3.createBucket("faults");
        // The AWS SDK's default credential chain, as a deployed `run` uses it, reads these.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
        System.out.println("store faults: " + FAULTS.get() + " faults injected, nothing lost");
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(s3.endpoint());
    }

    @AfterEach
    void stopProxy() {
        FAULTS.addAndGet(proxy.faultsInjected());
        proxy.close();
    }

    ObjectStore throughProxy(String prefix, Duration attemptTimeout) {
        return S3ObjectStore.open("faults", prefix, proxy.endpoint(), S3ProxyServer.REGION, attemptTimeout);
    }

    static ExampleStudy.Expected writeStudy(String prefix, int devices) {
        try (ObjectStore direct = s3.store("faults", prefix)) {
            return ExampleStudy.write(direct, new ExampleStudy.Spec(devices, 7, devices, NOW, LEAD), 8);
        }
    }

    static Map<String, TokenFile> tokens(String prefix) {
        try (ObjectStore direct = s3.store("faults", prefix)) {
            return new Mailbox(direct, 8).readTokens().byDevice();
        }
    }

    /** Records every push as the app would see it; always delivers. */
    static final class Recording implements Gateway {
        final List<MailboxInvariants.Push> pushes = new ArrayList<>();

        public String name() {
            return "recording";
        }

        public synchronized DeliveryResult deliver(PushTarget t, Notification n) {
            pushes.add(new MailboxInvariants.Push(t.device(), n.backendKey(), n.update()));
            return DeliveryResult.DELIVERED;
        }
    }

    static PassRunner runner(ObjectStore store, Gateway gateway, Clock clock, int concurrency) {
        return new PassRunner(new Mailbox(store, concurrency), gateway, clock,
                new PassRunner.Options(new PassSettings(LEAD, Duration.ofMinutes(5)), concurrency, false));
    }

    @Test
    void slowDownsInternalErrorsAndResetsAreRetriedAndThePassComesOutExactlyRight() {
        ExampleStudy.Expected expected = writeStudy("retried", 4);
        Map<String, TokenFile> tokens = tokens("retried");
        // Every third request fails, by turns 503 SlowDown, 500 InternalError and a reset connection. One request
        // at a time, so each failed attempt is followed by its own retry.
        Fault[] kinds = {Fault.SLOW_DOWN, Fault.INTERNAL_ERROR, Fault.RESET};
        proxy.schedule(n -> n % 3 == 1 ? kinds[(n / 3) % kinds.length] : Fault.PASS);
        Recording gateway = new Recording();
        try (ObjectStore store = throughProxy("retried", Duration.ofSeconds(5))) {
            PassSummary summary = runner(store, gateway, Clock.fixed(NOW, ZoneOffset.UTC), 1).runOnce().summary();
            assertThat(summary.failed()).isZero();
        }
        assertThat(proxy.injected(Fault.SLOW_DOWN)).isGreaterThan(3);
        assertThat(proxy.injected(Fault.INTERNAL_ERROR)).isGreaterThan(3);
        assertThat(proxy.injected(Fault.RESET)).isGreaterThan(3);
        try (ObjectStore direct = s3.store("faults", "retried")) {
            assertThat(MailboxInvariants.violations(direct, expected, tokens, gateway.pushes)).isEmpty();
        }
    }

    @Test
    void aHungRequestTimesOutAndIsRetried() {
        writeStudy("hung", 2);
        proxy.schedule(n -> n == 2 || n == 3 ? Fault.HANG : Fault.PASS);
        try (ObjectStore store = throughProxy("hung", Duration.ofMillis(700))) {
            long t0 = System.nanoTime();
            PassSummary summary = runner(store, new Recording(), Clock.fixed(NOW, ZoneOffset.UTC), 1).runOnce().summary();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(summary.pushed()).isPositive();
            assertThat(took).as("two attempts timed out").isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        }
        assertThat(proxy.injected(Fault.HANG)).isEqualTo(2);
    }

    @Test
    void runExitsOneWithAOneLineErrorWhenTheStoreStaysDown() {
        writeStudy("down", 2);
        for (Fault fault : List.of(Fault.INTERNAL_ERROR, Fault.RESET)) {
            proxy.down(fault);
            int before = proxy.requests();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[]{"run", "--store", "s3://faults/down", "--s3-endpoint",
                            proxy.endpoint().toString(), "--s3-region", S3ProxyServer.REGION, "--now", NOW.toString()},
                    Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().lines().toList()).as(fault.name()).hasSize(1);
            assertThat(err.toString()).startsWith("sensus-push: cannot ").contains("s3://faults/down/")
                    .doesNotContain("\tat ", "Exception:", S3ProxyServer.SECRET_KEY);
            if (fault == Fault.INTERNAL_ERROR) {
                assertThat(err.toString()).contains("InternalError (HTTP 500)");
            }
            assertThat(proxy.requests() - before).as("5 attempts").isEqualTo(5);
        }
    }

    @Test
    void aStoreThatFailsMidPassLeavesNothingTheNextPassCannotFinish() {
        int[] failFrom = {5, 25, 60, 100};
        for (int i = 0; i < failFrom.length; i++) {
            String prefix = "midpass-" + i;
            ExampleStudy.Expected expected = writeStudy(prefix, 10);
            Map<String, TokenFile> tokens = tokens(prefix);
            Recording gateway = new Recording();
            try (ObjectStore store = throughProxy(prefix, Duration.ofSeconds(5))) {
                int start = proxy.requests();
                int from = failFrom[i];
                proxy.schedule(n -> n - start >= from ? Fault.INTERNAL_ERROR : Fault.PASS);
                PassRunner runner = runner(store, gateway, Clock.fixed(NOW, ZoneOffset.UTC), 4);
                assertThatThrownBy(runner::runOnce).isInstanceOf(StoreException.class);
                proxy.up();
                // The same runner (as in serve) takes back the lease its failed pass could not release.
                assertThat(runner.runOnce().skipped()).isFalse();
            }
            try (ObjectStore direct = s3.store("faults", prefix)) {
                assertThat(MailboxInvariants.violations(direct, expected, tokens, gateway.pushes))
                        .as("store failing from request " + failFrom[i]).isEmpty();
            }
        }
    }

    @Test
    void serveKeepsGoingThroughAStoreOutageAndRecoversWhenItComesBack() throws Exception {
        ExampleStudy.Expected expected = writeStudy("serve", 6);
        Map<String, TokenFile> tokens = tokens("serve");
        proxy.down(Fault.RESET);
        CountDownLatch failures = new CountDownLatch(3);
        CountDownLatch recovered = new CountDownLatch(1);
        Recording gateway = new Recording();
        // Time flows from the study's NOW, so the study's expectation holds.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
        try (ObjectStore store = throughProxy("serve", Duration.ofSeconds(5))) {
            PassRunner runner = runner(store, gateway, clock, 4).observedBy(new PassObserver() {
                public void failed(Exception error) {
                    failures.countDown();
                }

                public void passed(PassSummary summary) {
                    recovered.countDown();
                }
            });
            Daemon daemon = new Daemon(runner, clock, Duration.ofMillis(200), r -> { });
            Thread thread = Thread.ofPlatform().name("serve-under-test").start(daemon);
            try {
                assertThat(failures.await(60, TimeUnit.SECONDS)).as("three failed passes").isTrue();
                assertThat(recovered.getCount()).isEqualTo(1);
                proxy.up();
                assertThat(recovered.await(60, TimeUnit.SECONDS)).as("a pass after the store came back").isTrue();
            } finally {
                assertThat(daemon.stop(Duration.ofSeconds(30))).isTrue();
                thread.join(30_000);
            }
        }
        try (ObjectStore direct = s3.store("faults", "serve")) {
            assertThat(MailboxInvariants.violations(direct, expected, tokens, gateway.pushes)).isEmpty();
        }
    }
}
