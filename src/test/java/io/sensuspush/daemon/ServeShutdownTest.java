package io.sensuspush.daemon;

import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sensus-push serve} as a real process: it passes, then stops cleanly on SIGTERM. */
class ServeShutdownTest {
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void serveStopsCleanlyOnSigterm() throws Exception {
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            ExampleStudy.write(store, new ExampleStudy.Spec(4, 7, 5, Instant.now(), Duration.ofMinutes(1)), 4);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The main logging configuration (INFO), not the tests' (WARN): the test reads the daemon's log.
        Process p = new ProcessBuilder(java.toString(), "--sun-misc-unsafe-memory-access=allow",
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), "io.sensuspush.cli.Main",
                "serve", "--store", dir.toString(), "--interval", "1s")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            // Wait for the first pass to be reported, then ask the daemon to stop.
            while ((line = err.readLine()) != null) {
                lines.add(line);
                if (line.contains("pass at ")) {
                    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stderr)
                }
            }
        } finally {
            p.destroyForcibly(); // no-op once it has exited; never leave it running
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(lines).anyMatch(l -> l.contains("serving ")).anyMatch(l -> l.contains("pass at "));
        assertThat(lines).anyMatch(l -> l.contains("stopping: finishing the pass in progress"));
        assertThat(lines.getLast()).contains("stopped");
        assertThat(String.join("\n", lines)).doesNotContain("Exception");
    }
}
