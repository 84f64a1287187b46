package io.sensuspush.cli;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.gateway.azure.AndroidFormat;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.testing.AzureHubStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --gateway azure} and its {@code --hub-*} options, as a command mixing in GatewayOptions sees them. */
class AzureOptionsTest {
    static final String KEY = "hub-key+/=";

    @Command(name = "test")
    static final class TestCommand {
        @Mixin
        GatewayOptions gateway;
    }

    static GatewayOptions parse(Map<String, String> env, String... args) {
        TestCommand cmd = new TestCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setDefaultValueProvider(new ConfigDefaults(env, new Properties()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args);
        return cmd.gateway;
    }

    static AzureConfig config(Map<String, String> env, String... args) {
        try (Gateway g = parse(env, args).open(env, new PrintWriter(new StringWriter()))) {
            return ((AzureGateway) g).config();
        }
    }

    @Test
    void buildsTheGatewayFromOptionsWithDefaults() {
        AzureConfig c = config(Map.of("SENSUS_PUSH_HUB_KEY", KEY),
                "--gateway", "azure", "--hub-namespace", "sensus-test", "--hub-name", "study-hub");

        assertThat(c.endpoint()).isEqualTo(URI.create("https://sensus-test.servicebus.windows.net"));
        assertThat(c.hubName()).isEqualTo("study-hub");
        assertThat(c.keyName()).isEqualTo("DefaultFullSharedAccessSignature");
        assertThat(c.key()).isEqualTo(KEY);
        assertThat(c.androidFormat()).isEqualTo(AndroidFormat.fcmv1);
        assertThat(c.sasTtl()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void everyOptionIsHonouredAndKeyFileWinsOverEnvironment(@TempDir Path dir) throws IOException {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, "  from-file-key\n");

        AzureConfig c = config(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "--gateway", "azure",
                "--hub-endpoint", "http://127.0.0.1:9/", "--hub-name", "h", "--hub-key-name", "SendPolicy",
                "--hub-key-file", keyFile.toString(), "--hub-android-format", "gcm", "--hub-sas-ttl", "PT2H");

        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9/"));
        assertThat(c.resource()).isEqualTo("http://127.0.0.1:9/h/messages");
        assertThat(c.keyName()).isEqualTo("SendPolicy");
        assertThat(c.key()).isEqualTo("from-file-key");
        assertThat(c.androidFormat()).isEqualTo(AndroidFormat.gcm);
        assertThat(c.sasTtl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void optionsComeFromEnvironmentToo() {
        AzureConfig c = config(Map.of("SENSUS_PUSH_HUB_KEY", KEY, "SENSUS_PUSH_GATEWAY", "azure",
                "SENSUS_PUSH_HUB_NAMESPACE", "ns1", "SENSUS_PUSH_HUB_NAME", "hub1", "SENSUS_PUSH_HUB_SAS_TTL", "30m"));
        assertThat(c.directSendUri()).isEqualTo(
                URI.create("https://ns1.servicebus.windows.net/hub1/messages/?direct&api-version=2015-04"));
        assertThat(c.sasTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void missingSettingsAreNamed() {
        Map<String, String> withKey = Map.of("SENSUS_PUSH_HUB_KEY", KEY);
        assertThatThrownBy(() -> config(withKey, "--gateway", "azure", "--hub-namespace", "ns"))
                .hasMessage("--hub-name is required for --gateway azure");
        assertThatThrownBy(() -> config(withKey, "--gateway", "azure", "--hub-name", "h"))
                .hasMessage("--hub-namespace (or --hub-endpoint) is required for --gateway azure");
        assertThatThrownBy(() -> config(Map.of(), "--gateway", "azure", "--hub-namespace", "ns", "--hub-name", "h"))
                .hasMessage("no hub key: set SENSUS_PUSH_HUB_KEY or --hub-key-file");
        assertThatThrownBy(() -> config(withKey, "--gateway", "azure", "--hub-namespace", "ns.example", "--hub-name", "h"))
                .hasMessageContaining("hub namespace \"ns.example\" is not valid");
        assertThatThrownBy(() -> config(withKey, "--gateway", "azure", "--hub-namespace", "ns", "--hub-name", "h",
                "--hub-sas-ttl", "5s"))
                .hasMessageContaining("--hub-sas-ttl must be at least 10s");
    }

    @Test
    void theKeyIsNotAnOption() {
        assertThatThrownBy(() -> parse(Map.of(), "--gateway", "azure", "--hub-key", "secret"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void gatewayBuiltFromOptionsDeliversToTheHub() {
        try (AzureHubStandIn hub = AzureHubStandIn.start("cli-hub", "DefaultFullSharedAccessSignature", KEY);
             Gateway g = parse(Map.of("SENSUS_PUSH_HUB_KEY", KEY), "--gateway", "azure",
                     "--hub-endpoint", hub.endpoint().toString(), "--hub-name", "cli-hub")
                     .open(Map.of("SENSUS_PUSH_HUB_KEY", KEY), new PrintWriter(new StringWriter()))) {
            assertThat(g.name()).isEqualTo("azure");
            assertThat(g.deliver(new PushTarget("d", Format.GCM, "fcm-token-0123456789", null),
                    new Notification("id", "p", "", true, null, null, null)).delivered()).isTrue();
            assertThat(hub.pushes()).singleElement().extracting(AzureHubStandIn.Push::format).isEqualTo("fcmv1");
        }
    }
}
