package io.sensuspush.cli;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.DirectGateway;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.testing.ApnsStandIn;
import io.sensuspush.testing.FcmStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --gateway direct} from options and SENSUS_PUSH_* environment variables, down to real deliveries. */
class DirectOptionsTest {
    static final Notification MESSAGE = new Notification("req-1", "proto-1", "", false, "Hi", "There", "default");

    @TempDir
    Path dir;

    static GatewayOptions parse(Map<String, String> env, String... args) {
        GatewayOptions options = new GatewayOptions();
        CommandLine cl = new CommandLine(options);
        cl.setDefaultValueProvider(new ConfigDefaults(env, new Properties()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args);
        return options;
    }

    @Test
    void buildsBothPlatformsFromOptionsAndEnvironment() throws Exception {
        try (FcmStandIn fcm = FcmStandIn.start(); ApnsStandIn apns = ApnsStandIn.start()) {
            String appleToken = "0A1B".repeat(16);
            apns.register(appleToken);
            Map<String, String> env = Map.of(
                    "SENSUS_PUSH_APNS_TOPIC", ApnsStandIn.TOPIC,
                    "SENSUS_PUSH_APNS_TEAM_ID", ApnsStandIn.TEAM_ID,
                    "SENSUS_PUSH_FCM_ENDPOINT", fcm.endpoint().toString());
            GatewayOptions options = parse(env, "--gateway", "direct",
                    "--fcm-service-account", fcm.writeServiceAccount(dir).toString(),
                    "--apns-key", ApnsStandIn.signingKeyFile().toString(), "--apns-key-id", ApnsStandIn.KEY_ID,
                    "--apns-endpoint", apns.endpoint(), "--apns-ca", ApnsStandIn.caFile().toString());
            try (Gateway g = options.open(env, new PrintWriter(new StringWriter()))) {
                assertThat(g).isInstanceOf(DirectGateway.class);
                assertThat(((DirectGateway) g).description()).isEqualTo("direct(fcm+apns)");
                Instant exp = Instant.now().plusSeconds(600);
                assertThat(g.deliver(new PushTarget("d1", Format.GCM, "fcm-token-123456789", exp), MESSAGE))
                        .isEqualTo(DeliveryResult.DELIVERED);
                assertThat(g.deliver(new PushTarget("d2", Format.APPLE, appleToken, exp), MESSAGE))
                        .isEqualTo(DeliveryResult.DELIVERED);
            }
            assertThat(fcm.accepted()).hasSize(1);
            assertThat(apns.accepted()).hasSize(1);
        }
    }

    @Test
    void directWithoutCredentialsSaysWhichOptionsToGive() {
        GatewayOptions options = parse(Map.of(), "--gateway", "direct");
        assertThatThrownBy(() -> options.open(Map.of(), new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--fcm-service-account").hasMessageContaining("--apns-key");
    }

    @Test
    void apnsKeyWithoutTopicIsNamed() {
        GatewayOptions options = parse(Map.of(), "--gateway", "direct", "--apns-key", ApnsStandIn.signingKeyFile().toString(),
                "--apns-key-id", "K", "--apns-team-id", "T");
        assertThatThrownBy(() -> options.open(Map.of(), new PrintWriter(new StringWriter())))
                .hasMessageContaining("--apns-topic");
    }

    @Test
    void missingServiceAccountFileIsNamed() {
        Path missing = dir.resolve("missing.json");
        GatewayOptions options = parse(Map.of(), "--gateway", "direct", "--fcm-service-account", missing.toString());
        assertThatThrownBy(() -> options.open(Map.of(), new PrintWriter(new StringWriter())))
                .hasMessageContaining(missing.toString());
    }
}
