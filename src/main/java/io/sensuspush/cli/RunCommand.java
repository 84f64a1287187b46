package io.sensuspush.cli;

import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PlanPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code sensus-push run}: one pass, then a one-line summary. The drop-in replacement for the cron job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one backend pass over the mailbox, print a one-line summary, and exit "
                + "(0: done; 1: the store or gateway failed; 3: another pass holds the lock).")
final class RunCommand implements Callable<Integer> {
    static final int LOCKED = 3;

    @ParentCommand
    SensusPushCommand parent;
    @Spec
    CommandSpec spec;
    @Mixin
    PassOptions passOptions;
    @Mixin LoggingOptions loggingOptions;

    @Option(names = "--lead", paramLabel = "DURATION", defaultValue = "6m", converter = Durations.class,
            description = "Push this long before a request's time (the cron deployment needed 6m). Default: ${DEFAULT-VALUE}")
    Duration lead;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PassRunner.Options options = passOptions.runnerOptions(lead);
        return passOptions.withRunner(parent.env, out, options, (runner, store, gateway) -> {
            if (options.dryRun()) {
                runner.onPlan(new PlanPrinter(out));
            }
            PassRunner.Result result = runner.runOnce();
            if (result.skipped()) {
                out.println("another pass holds the lock on " + store.describe() + "; nothing done");
                return LOCKED;
            }
            out.println((options.dryRun() ? "dry run, nothing changed: " : "") + result.summary().oneLine());
            return 0;
        });
    }
}
