package io.sensuspush.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** The top-level {@code sensus-push} command; its subcommands do the work. */
@Command(name = "sensus-push",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Push-notification backend for Sensus studies.",
        subcommands = {
                RunCommand.class,
                ServeCommand.class,
                ExampleCommand.class,
                SasCommand.class,
                DevicesCommand.class,
                MessageCommand.class,
                UpdateCommand.class,
                ClearBacklogCommand.class,
                SurveyPolicyCommand.class,
                SettingsCommand.class,
                RequestsCommand.class,
                CancelCommand.class,
                RejectedCommand.class,
        })
public final class SensusPushCommand implements Runnable {
    final Map<String, String> env;

    @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Properties file of option values (keys are option names without dashes). "
                    + "Command line wins over SENSUS_PUSH_<OPTION> environment variables, which win over the file.")
    String config;

    SensusPushCommand(Map<String, String> env) {
        this.env = env;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
