package io.sensuspush.cli;

import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code sensus-push example}: writes an example study to try sensus-push on. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Write an example study into a local directory: devices on both platforms and requests of "
                + "every kind (due, waiting, expired, obsolete, empty, stale, updates, broken), timed around now.")
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "./sensus-push-data",
            description = "Directory to write it into. Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--devices", defaultValue = "12", description = "Number of devices. Default: ${DEFAULT-VALUE}")
    int devices;

    @Option(names = "--requests-per-device", defaultValue = "7",
            description = "Request files per device. Default: ${DEFAULT-VALUE}")
    int requestsPerDevice;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--force", description = "Write even if DIR already holds a mailbox.")
    boolean force;

    @Override
    public Integer call() {
        Path mailbox = dir.resolve(Stores.DEFAULT_PREFIX);
        if (!force && hasFiles(mailbox)) {
            throw new IllegalArgumentException(mailbox + " already holds files; use --force to add an example study anyway");
        }
        try (ObjectStore store = new DirectoryObjectStore(dir, Stores.DEFAULT_PREFIX)) {
            ExampleStudy.Expected e = ExampleStudy.write(store,
                    new ExampleStudy.Spec(devices, requestsPerDevice, seed, Instant.now(), Duration.ofMinutes(6)), 8);
            spec.commandLine().getOut().printf(
                    "wrote an example study to %s: %d devices; a pass now should push %d notifications and %d "
                            + "update notifications, and leave %d requests waiting%n"
                            + "try: ./sensus-push run --store %s   (add --dry-run to see the plan first)%n",
                    store.describe(), devices, e.userPushes().size() + e.unacknowledgeablePushes().size(),
                    e.updateNotifiedDevices().size(), e.waiting(), dir);
        }
        return 0;
    }

    private static boolean hasFiles(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
