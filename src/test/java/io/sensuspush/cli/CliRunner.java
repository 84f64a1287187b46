package io.sensuspush.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process as the launcher would, capturing its output. */
record CliRunner(Map<String, String> env) {

    record Outcome(int exitCode, String out, String err) {
    }

    CliRunner() {
        this(Map.of());
    }

    Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }
}
