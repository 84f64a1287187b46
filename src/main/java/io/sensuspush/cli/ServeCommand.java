package io.sensuspush.cli;

import io.sensuspush.daemon.Daemon;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.store.Mailbox;
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
import java.util.concurrent.Callable;

/** {@code sensus-push serve}: the daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Pass continuously: scan every --interval, push each request when it falls due, "
                + "re-push unacknowledged ones every --repush-interval. Stops cleanly on SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    SensusPushCommand parent;
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions storeOptions;
    @Mixin
    GatewayOptions gatewayOptions;
    @Mixin
    PassOptions passOptions;

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
        try (ObjectStore store = storeOptions.open();
             Gateway gateway = gatewayOptions.open(parent.env, spec.commandLine().getOut())) {
            PassRunner runner = new PassRunner(new Mailbox(store, options.pushConcurrency()), gateway,
                    passOptions.clock(), options).fullReadEvery(fullScanEvery);
            Daemon daemon = new Daemon(runner, passOptions.clock(), interval, result -> {
                if (!result.skipped()) {
                    log.info(result.summary().oneLine());
                }
            });
            Thread hook = new Thread(() -> {
                log.info("stopping: finishing the pass in progress");
                try {
                    daemon.stop(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sensus-push-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            log.info("serving {} through {} (interval {}, lead {}, re-push interval {})", store.describe(),
                    gateway.name(), interval, lead, passOptions.repushInterval);
            daemon.run();
            log.info("stopped");
            return 0;
        }
    }
}
