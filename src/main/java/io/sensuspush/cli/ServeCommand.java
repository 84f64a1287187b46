package io.sensuspush.cli;

import io.sensuspush.admin.AdminServer;
import io.sensuspush.admin.ObserverGroup;
import io.sensuspush.admin.StatusRecorder;
import io.sensuspush.daemon.Daemon;
import io.sensuspush.metrics.Metrics;
import io.sensuspush.metrics.PassMetrics;
import io.sensuspush.metrics.TimedObjectStore;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code sensus-push serve}: the daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Pass continuously: scan every --interval, push each request when it falls due, "
                + "re-push unacknowledged ones every --repush-interval. Stops cleanly on SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    /** Counted down when {@link #call} has closed everything; the shutdown hook waits for it. */
    private final CountDownLatch finished = new CountDownLatch(1);

    @ParentCommand
    SensusPushCommand parent;
    @Spec
    CommandSpec spec;
    @Mixin
    PassOptions passOptions;
    @Mixin
    AdminOptions adminOptions;
    @Mixin
    LoggingOptions loggingOptions;

    @Option(names = "--lead", paramLabel = "DURATION", defaultValue = "1m", converter = Durations.class,
            description = "Push this long before a request's time. Default: ${DEFAULT-VALUE}")
    Duration lead;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.class,
            description = "Scan the mailbox this often. Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--full-scan-every", paramLabel = "N", defaultValue = "60",
            description = "Between passes the daemon keeps the files it has parsed and fetches only new and changed ones; "
                    + "every N-th pass it re-reads every file anyway. Default: ${DEFAULT-VALUE}")
    int fullScanEvery;

    @Override
    public Integer call() throws InterruptedException {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("--interval must be positive");
        }
        if (fullScanEvery < 1) {
            throw new IllegalArgumentException("--full-scan-every must be at least 1");
        }
        PassRunner.Options options = passOptions.runnerOptions(lead);
        if (options.dryRun()) {
            throw new IllegalArgumentException("--dry-run is for run; serve always acts");
        }
        var adminConfig = adminOptions.config(parent.env);
        try (Metrics metrics = new Metrics()) {
            int code = passOptions.withRunner(parent.env, spec.commandLine().getOut(), options,
                    store -> new TimedObjectStore(store, metrics.registry()),
                    (runner, store, gateway) -> serve(runner, store, gateway, metrics, adminConfig));
            log.info("stopped");
            return code;
        } finally {
            finished.countDown();
        }
    }

    private int serve(PassRunner runner, ObjectStore store, Gateway gateway, Metrics metrics,
                      Optional<AdminServer.Config> adminConfig) throws InterruptedException {
        StatusRecorder status = new StatusRecorder(passOptions.clock(), gateway.name(), store.describe(), interval, lead);
        runner.fullReadEvery(fullScanEvery).observedBy(new ObserverGroup(List.of(status,
                new PassMetrics(metrics.registry(), passOptions.clock()), new RequestLog())));
        Daemon daemon = new Daemon(runner, passOptions.clock(), interval, result -> {
            if (!result.skipped()) {
                log.info(result.summary().oneLine());
            }
        });
        // Before the shutdown hook: a refused admin server (e.g. no token beyond loopback) stops serve at once.
        AdminServer admin = adminConfig.map(c -> AdminServer.start(c, status, metrics::scrape)).orElse(null);
        Thread hook = new Thread(() -> {
            log.info("stopping: finishing the pass in progress");
            try {
                daemon.stop(Duration.ofSeconds(60));
                // Let the main thread close the admin server, store and gateway before the JVM halts.
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sensus-push-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("serving {} through {} (interval {}, lead {}, re-push interval {})", store.describe(),
                gateway.name(), interval, lead, passOptions.repushInterval);
        try {
            daemon.run();
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
        return 0;
    }
}
