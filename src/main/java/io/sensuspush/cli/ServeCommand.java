package io.sensuspush.cli;

import picocli.CommandLine.Command;

/** TODO */
@Command(name = "serve", description = "TODO")
final class ServeCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("not implemented yet");
    }
}
