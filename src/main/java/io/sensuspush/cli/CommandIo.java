package io.sensuspush.cli;

import java.io.Console;
import java.io.InputStream;
import java.time.Clock;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a command reads besides its arguments: standard input (and whether a person is typing on it), the
 * clock and a random source. {@link Main} installs the real ones; tests install their own through
 * {@link Main#execute(String[], java.util.Map, CommandIo, java.io.PrintWriter, java.io.PrintWriter)}.
 *
 * @param stdinIsTerminal true when standard input is a terminal: a command must then not wait for piped
 *                        lines, and may ask for confirmation
 */
public record CommandIo(InputStream stdin, boolean stdinIsTerminal, Clock clock, RandomGenerator random) {
    private static final ThreadLocal<CommandIo> CURRENT = new ThreadLocal<>();

    /** The process's own standard input, the system clock (UTC) and an unseeded random source. */
    public static CommandIo system() {
        return new CommandIo(System.in, consoleIsTerminal(), Clock.systemUTC(), new Random());
    }

    /** Piped standard input (not a terminal), with the given clock; for tests and embedding. */
    public static CommandIo piped(InputStream stdin, Clock clock) {
        return new CommandIo(stdin, false, clock, new Random(42));
    }

    /** The I/O of the command running on this thread. */
    static CommandIo current() {
        CommandIo io = CURRENT.get();
        return io != null ? io : system();
    }

    static <T> T with(CommandIo io, Supplier<T> body) {
        CommandIo before = CURRENT.get();
        CURRENT.set(io);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /**
     * {@code System.console() != null}, refined by {@code Console.isTerminal()} where the JDK has it (22+): from
     * JDK 22 on, a console object exists even when standard input is redirected.
     */
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
