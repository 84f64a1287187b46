package io.sensuspush.cli;

import picocli.CommandLine.Command;

/** TODO */
@Command(name = "run", description = "TODO")
final class RunCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("not implemented yet");
    }
}
