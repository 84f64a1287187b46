package io.sensuspush.cli;

import io.sensuspush.gateway.azure.SasToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sensus-push sas} against the node-computed vectors of SasTokenTest. */
class SasCommandTest {
    static final String KEY = "s3cr3t/K+y=with&odd?chars ü€";
    static final String VECTOR = "SharedAccessSignature "
            + "sr=https%3A%2F%2Fsensus-test.servicebus.windows.net%2Fstudy-hub%2Fmessages"
            + "&sig=njV%2FrbZrv5xsYgg%2BmjovNjP%2FQPsu%2Fm%2B0L8P3Fb%2BjNaU%3D"
            + "&se=1900000002&skn=DefaultFullSharedAccessSignature";

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Map<String, String> env, String... args) {
        return Main.execute(args, env, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void printsTheContractTokenWithKeyFromEnvironment() {
        int code = run(Map.of("SENSUS_PUSH_HUB_KEY", KEY),
                "sas", "--namespace", "sensus-test", "--hub", "study-hub", "--expiry", "1900000002");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(VECTOR + System.lineSeparator());
    }

    @Test
    void readsKeyFromFileAndHonoursEndpointAndKeyName(@TempDir Path dir) throws IOException {
        Path keyFile = dir.resolve("hub.key");
        Files.writeString(keyFile, "Yk2PbdX3V9mFSk9mE0cB0W8pd6P6Gd0kY3lR9wPq0aE=\n");

        int code = run(Map.of("SENSUS_PUSH_HUB_KEY", "ignored-when-a-file-is-given"), "sas",
                "--endpoint", "http://127.0.0.1:8080", "--hub", "hub_1.x", "--key-name", "DefaultListenSharedAccessSignature",
                "--key-file", keyFile.toString(), "--expiry", "1700000000");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("SharedAccessSignature sr=http%3A%2F%2F127.0.0.1%3A8080%2Fhub_1.x%2Fmessages"
                + "&sig=fgzanFntyfdChu5qG10wFApyFLELD82imEZyEOHRsyA%3D&se=1700000000&skn=DefaultListenSharedAccessSignature");
    }

    @Test
    void optionsAlsoComeFromTheGatewaysEnvironmentVariables() {
        int code = run(Map.of("SENSUS_PUSH_HUB_KEY", KEY, "SENSUS_PUSH_HUB_NAMESPACE", "sensus-test",
                "SENSUS_PUSH_HUB_NAME", "study-hub"), "sas", "--expiry", "1900000002");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo(VECTOR);
    }

    @Test
    void ttlSetsTheExpiryFromNow() {
        long before = Instant.now().getEpochSecond();
        int code = run(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "sas", "--namespace", "sensus-test", "--hub", "study-hub",
                "--ttl", "30m");
        long after = Instant.now().getEpochSecond();

        assertThat(code).as(err.toString()).isZero();
        Matcher m = Pattern.compile("&se=(\\d+)&").matcher(out.toString());
        assertThat(m.find()).isTrue();
        long se = Long.parseLong(m.group(1));
        assertThat(se).isBetween(before + 1800, after + 1800);
        assertThat(out.toString().strip()).isEqualTo(SasToken.create(
                "https://sensus-test.servicebus.windows.net/study-hub/messages", "DefaultFullSharedAccessSignature", KEY, se));
    }

    @Test
    void missingKeyIsAClearErrorNamingTheVariable() {
        int code = run(Map.of(), "sas", "--namespace", "sensus-test", "--hub", "study-hub");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("set SENSUS_PUSH_HUB_KEY or --key-file").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingHubOrNamespaceAndBothTtlAndExpiryAreClearErrors() {
        assertThat(run(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "sas", "--namespace", "sensus-test")).isNotZero();
        assertThat(err.toString()).contains("--hub is required");

        assertThat(run(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "sas", "--hub", "study-hub")).isNotZero();
        assertThat(err.toString()).contains("--namespace (or --endpoint) is required");

        assertThat(run(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "sas", "--namespace", "sensus-test", "--hub", "study-hub",
                "--ttl", "5m", "--expiry", "1900000002")).isNotZero();
        assertThat(err.toString()).contains("not both");

        assertThat(run(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "sas", "--namespace", "sensus-test", "--hub", "study-hub",
                "--ttl", "soon")).isNotZero();
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(err.toString()).doesNotContain(KEY).doesNotContain("s3cr3t");
    }

    @Test
    void unreadableKeyFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such.key");
        assertThat(run(Map.of(), "sas", "--namespace", "sensus-test", "--hub", "study-hub",
                "--key-file", missing.toString())).isNotZero();
        assertThat(err.toString()).contains("cannot read hub key file " + missing);
    }
}
