package io.sensuspush.cli;

import picocli.CommandLine.Option;

/**
 * {@code --log-format} and {@code --verbose}, for {@code run} and {@code serve}. Each takes effect as soon as
 * the command line is parsed (picocli calls the setters, defaults included), so a command only mixes this in.
 */
public final class LoggingOptions {
    public enum Format { text, json }

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log lines as text, or as one JSON object per line for log shippers. Default: ${DEFAULT-VALUE}")
    void setLogFormat(Format format) {
        LoggingSetup.format(format);
    }

    @Option(names = "--verbose", defaultValue = "false",
            description = "Also log per-request detail (each push, deletion and waiting request) at DEBUG.")
    void setVerbose(boolean verbose) {
        LoggingSetup.verbose(verbose);
    }
}
