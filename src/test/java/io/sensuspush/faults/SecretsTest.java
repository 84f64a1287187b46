package io.sensuspush.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.sensuspush.cli.Main;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.AzureHubStandIn.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach output or logs: passes and commands run with a hub key, against a hub that accepts,
 * refuses (401, 503) and is unreachable, with every sensus-push log line captured at DEBUG. Device push tokens
 * appear only abbreviated. Files written locally are readable by their owner only.
 */
class SecretsTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String HUB_KEY = "s3cr3t+Hub/Key=Value0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void noSecretOrWholeDeviceTokenInOutputErrorsOrLogsAndLocalFilesAreOwnerOnly() throws Exception {
        Map<String, TokenFile> tokens;
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            ExampleStudy.write(store, new ExampleStudy.Spec(12, 7, 9, NOW, Duration.ofMinutes(6)), 4);
            tokens = new Mailbox(store, 4).readTokens().byDevice();
        }
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> runs = new ArrayList<>();
        try (AzureHubStandIn hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, HUB_KEY);
             AzureHubStandIn wrongKeyHub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, "another-key");
             var capture = captureLogs(logs)) {
            hub.failNext(5, new Answer(503, "1", "Service unavailable"));
            String unreachable = "http://127.0.0.1:1";
            Instant at = NOW;
            for (String endpoint : List.of(hub.endpoint().toString(), wrongKeyHub.endpoint().toString(), unreachable)) {
                at = at.plus(Duration.ofMinutes(10)); // past the re-push interval: everything is pushed again
                for (String[] args : List.of(
                        new String[]{"run", "--dry-run"},
                        new String[]{"run"})) {
                    List<String> argv = new ArrayList<>(List.of(args));
                    argv.addAll(List.of("--store", dir.toString(), "--gateway", "azure", "--hub-namespace", "ns",
                            "--hub-name", "hub", "--hub-endpoint", endpoint, "--now", at.toString()));
                    int code = Main.execute(argv.toArray(String[]::new), Map.of("SENSUS_PUSH_HUB_KEY", HUB_KEY),
                            new PrintWriter(out, true), new PrintWriter(err, true));
                    runs.add(String.join(" ", argv) + " -> " + code);
                }
            }
            assertThat(hub.pushes()).as("the key works where it should").isNotEmpty();
            Main.execute(new String[]{"rejected", "--store", dir.toString()}, Map.of(), new PrintWriter(out, true),
                    new PrintWriter(err, true));
        }
        String everything = out + "\n" + err + "\n" + logs.toString(StandardCharsets.UTF_8);
        assertThat(logs.size()).as("logs were captured").isPositive();
        assertThat(everything).as(String.join("\n", runs)).doesNotContain(HUB_KEY, "sig=", "SharedAccessSignature sr=");
        for (TokenFile t : tokens.values()) {
            if (t.hasToken()) {
                assertThat(everything).doesNotContain(t.token());
            }
        }
        assertThat(everything).contains("…"); // tokens do appear, abbreviated

        Path example = dir.resolve("example");
        assertThat(Main.execute(new String[]{"example", example.toString()}, Map.of(), new PrintWriter(out, true),
                new PrintWriter(err, true))).isZero();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(p -> !p.equals(dir)).toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (Files.isDirectory(p)) {
                    assertThat(perms).as(p.toString()).endsWith("------");
                } else {
                    assertThat(perms).as(p.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    /** Sends every log event (sensus-push's at DEBUG) to {@code sink} until closed. */
    static AutoCloseable captureLogs(ByteArrayOutputStream sink) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("io.sensuspush");
        Level before = ours.getLevel();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %msg %ex%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(sink);
        appender.start();
        root.addAppender(appender);
        ours.addAppender(appender);
        ours.setAdditive(false); // sensus-push's DEBUG lines only here, not on the console
        ours.setLevel(Level.DEBUG);
        return () -> {
            root.detachAppender(appender);
            ours.detachAppender(appender);
            ours.setAdditive(true);
            appender.stop();
            ours.setLevel(before);
        };
    }
}
