package io.sensuspush.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;

/** Entry point of the {@code sensus-push} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command as the launcher would, with the given environment and streams; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return execute(args, env, CommandIo.system(), out, err);
    }

    /** As {@link #execute(String[], Map, PrintWriter, PrintWriter)}, with the given standard input, clock and randomness. */
    public static int execute(String[] args, Map<String, String> env, CommandIo io, PrintWriter out, PrintWriter err) {
        return CommandIo.with(io, () -> executeHere(args, env, out, err));
    }

    private static int executeHere(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl;
        try {
            cl = commandLine(args, env, out, err);
        } catch (IllegalArgumentException e) {
            err.println("sensus-push: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        return cl.execute(args);
    }

    static CommandLine commandLine(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SensusPushCommand(env));
        cl.setDefaultValueProvider(ConfigDefaults.load(args, env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // A user sees what went wrong, not a stack trace.
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sensus-push: " + UserErrors.describe(ex));
            if (Boolean.getBoolean("sensuspush.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return UserErrors.exitCode(ex);
        });
        return cl;
    }
}
