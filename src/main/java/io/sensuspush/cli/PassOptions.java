package io.sensuspush.cli;

import io.sensuspush.gateway.Gateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Options shared by {@code run} and {@code serve}: the store, the gateway and how to pass (each command declares
 * its own {@code --lead} default).
 */
public final class PassOptions {
    @Mixin
    StoreOptions storeOptions;

    @Mixin
    GatewayOptions gatewayOptions;

    @Option(names = "--repush-interval", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
            description = "Push an unacknowledged request, or a device's unread-updates notification, at most this often. "
                    + "0 pushes on every pass like the old cron scripts. Default: ${DEFAULT-VALUE}")
    Duration repushInterval;

    @Option(names = "--now", paramLabel = "INSTANT", converter = Instants.class,
            description = "Plan as if the clock read this (ISO-8601 instant or Unix seconds).")
    Instant now;

    @Option(names = "--dry-run",
            description = "Print the plan as JSON lines, one action each, and change nothing.")
    boolean dryRun;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
            description = "At most this many store requests and pushes in flight. Default: ${DEFAULT-VALUE}")
    int concurrency;

    Clock clock() {
        Clock system = Clock.systemUTC();
        return now == null ? system : Clock.offset(system, Duration.between(system.instant(), now));
    }

    PassRunner.Options runnerOptions(Duration lead) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        return new PassRunner.Options(new PassSettings(lead, repushInterval), concurrency, dryRun);
    }

    /** What a command does with a pass runner over the open store and gateway. */
    @FunctionalInterface
    interface RunnerWork<T> {
        T run(PassRunner runner, ObjectStore store, Gateway gateway) throws InterruptedException;
    }

    /** Opens the store and the gateway, lets {@code work} use a pass runner over them, and closes both. */
    <T> T withRunner(Map<String, String> env, PrintWriter out, PassRunner.Options options, RunnerWork<T> work)
            throws InterruptedException {
        return withRunner(env, out, options, s -> s, work);
    }

    /** As above, with the store wrapped by {@code decorateStore} (e.g. to time its calls). */
    <T> T withRunner(Map<String, String> env, PrintWriter out, PassRunner.Options options,
                     java.util.function.UnaryOperator<ObjectStore> decorateStore, RunnerWork<T> work)
            throws InterruptedException {
        try (ObjectStore store = decorateStore.apply(storeOptions.open());
             Gateway gateway = gatewayOptions.open(env, out)) {
            PassRunner runner = new PassRunner(new Mailbox(store, options.pushConcurrency()), gateway, clock(), options);
            return work.run(runner, store, gateway);
        }
    }
}
