package io.sensuspush.cli;

import io.sensuspush.pass.PassRunner;
import io.sensuspush.plan.PassSettings;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Options shared by {@code run} and {@code serve} (each declares its own {@code --lead} default). */
public final class PassOptions {
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

    static Clock fixed(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
