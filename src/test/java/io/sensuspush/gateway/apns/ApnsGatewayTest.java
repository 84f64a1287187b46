package io.sensuspush.gateway.apns;

import com.eatthepath.pushy.apns.server.RejectionReason;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.gateway.RecordingSleeper;
import io.sensuspush.testing.ApnsStandIn;
import io.sensuspush.testing.ApnsStandIn.Accepted;
import io.sensuspush.testing.Pem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApnsGatewayTest {
    static final String KEY = "0ed96702-1c4b-4d3e-9a55-0123456789ab";

    @TempDir
    Path dir;
    ApnsStandIn apns;
    RecordingSleeper sleeper = new RecordingSleeper();
    ApnsGateway gateway;

    @BeforeEach
    void start() throws Exception {
        apns = ApnsStandIn.start();
        gateway = ApnsGateway.open(settings(ApnsStandIn.signingKeyFile(), apns.endpoint(), ApnsStandIn.caFile()), sleeper.retries());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        apns.close();
    }

    static ApnsSettings settings(Path key, String endpoint, Path ca) {
        return new ApnsSettings(key, ApnsStandIn.KEY_ID, ApnsStandIn.TEAM_ID, null, null, ApnsStandIn.TOPIC, false, endpoint, ca);
    }

    /** A device token as the iOS app writes it in its token file: 64 upper-case hex characters. */
    static String newToken() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    String registered() {
        String t = newToken();
        apns.register(t);
        return t;
    }

    static PushTarget target(String token, Instant expiresAt) {
        return new PushTarget("7D0AB854-6FF4-4DF5-A970-CAFE81E18B30", Format.APPLE, token, expiresAt);
    }

    static Notification message() {
        return new Notification("req-1", "proto-1", KEY, false, "Survey", "Please answer", "default");
    }

    static Notification update() {
        return new Notification("upd-1", "proto-1", "", true, "", "", "");
    }

    @Test
    void userFacingMessageIsAnAlertWithTheContractPayload() {
        String token = registered();
        Instant expires = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 86_400);
        assertThat(gateway.deliver(target(token, expires), message())).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(apns.accepted()).containsExactly(new Accepted(token, ApnsStandIn.TOPIC, "alert", "10",
                Long.toString(expires.getEpochSecond()),
                "{\"id\":\"req-1\",\"protocol\":\"proto-1\",\"backend-key\":\"" + KEY + "\",\"update\":\"false\","
                        + "\"aps\":{\"content-available\":1,\"alert\":{\"title\":\"Survey\",\"body\":\"Please answer\"},"
                        + "\"sound\":\"default\"}}"));
    }

    @Test
    void updateNotificationIsABackgroundPushWithPriority5AndEmptyStrings() {
        String token = registered();
        Instant expires = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 600);
        assertThat(gateway.deliver(target(token, expires), update())).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(apns.accepted()).containsExactly(new Accepted(token, ApnsStandIn.TOPIC, "background", "5",
                Long.toString(expires.getEpochSecond()),
                "{\"id\":\"upd-1\",\"protocol\":\"proto-1\",\"backend-key\":\"\",\"update\":\"true\","
                        + "\"aps\":{\"content-available\":1,\"alert\":{\"title\":\"\",\"body\":\"\"},\"sound\":\"\"}}"));
    }

    @Test
    void anExpiryAlreadyPastIsSentAsNowOrNever() {
        String token = registered();
        gateway.deliver(target(token, Instant.now().minusSeconds(30)), message());
        assertThat(apns.accepted()).extracting(Accepted::expiration).containsExactly("0");
    }

    @Test
    void oversizePayloadIsBadMessageAndNeverSent() {
        Notification big = new Notification("req-1", "proto-1", KEY, false, "T", "é".repeat(2100), "default");
        DeliveryResult r = gateway.deliver(target(registered(), Instant.now().plusSeconds(60)), big);
        assertThat(r).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(apns.requests()).isZero();
    }

    @Test
    void unregisteredTokenIsDead() {
        String token = registered();
        apns.unregister(token, Instant.parse("2026-01-02T03:04:05Z"));
        DeliveryResult r = gateway.deliver(target(token, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.DeadToken.class);
        assertThat(((DeliveryResult.DeadToken) r).reason()).contains("410").contains("Unregistered");
        assertThat(apns.requests()).as("not retried").isEqualTo(1);
    }

    @Test
    void tokenOfAnotherAppIsDead() {
        DeliveryResult r = gateway.deliver(target(newToken(), Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.DeadToken.class);
        assertThat(r.toString()).contains("DeviceTokenNotForTopic");
    }

    @Test
    void malformedTokenIsDead() {
        DeliveryResult r = gateway.deliver(target("ABCDEF0123", Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.DeadToken.class);
        assertThat(r.toString()).contains("BadDeviceToken");
    }

    @Test
    void providerTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Path otherKey = Files.writeString(dir.resolve("AuthKey_OTHER.p8"), Pem.privateKey(g.generateKeyPair().getPrivate()));
        try (ApnsGateway other = ApnsGateway.open(settings(otherKey, apns.endpoint(), ApnsStandIn.caFile()), sleeper.retries())) {
            DeliveryResult r = other.deliver(target(registered(), Instant.now().plusSeconds(60)), message());
            assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
            assertThat(r.toString()).contains("403").contains("InvalidProviderToken");
        }
    }

    @Test
    void expiredProviderTokenIsRefused() {
        apns.rejectNext(1, RejectionReason.EXPIRED_PROVIDER_TOKEN);
        assertThat(gateway.deliver(target(registered(), Instant.now().plusSeconds(60)), message()))
                .isInstanceOf(DeliveryResult.Refused.class);
    }

    @Test
    void tooManyRequestsIsRetriedThenDelivered() {
        apns.rejectNext(1, RejectionReason.TOO_MANY_REQUESTS);
        assertThat(gateway.deliver(target(registered(), Instant.now().plusSeconds(60)), message())).isEqualTo(DeliveryResult.DELIVERED);
        assertThat(sleeper.waits).hasSize(1);
        assertThat(apns.requests()).isEqualTo(2);
        assertThat(apns.accepted()).hasSize(1);
    }

    @Test
    void serverErrorsOnEveryAttemptAreRetryLater() {
        apns.rejectNext(2, RejectionReason.INTERNAL_SERVER_ERROR);
        apns.rejectNext(1, RejectionReason.SERVICE_UNAVAILABLE);
        DeliveryResult r = gateway.deliver(target(registered(), Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(r.toString()).contains("503").contains("ServiceUnavailable");
        assertThat(apns.requests()).isEqualTo(3);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void payloadTooLargeAndBadTopicAreBadMessages() {
        String token = registered();
        apns.rejectNext(1, RejectionReason.PAYLOAD_TOO_LARGE);
        assertThat(gateway.deliver(target(token, Instant.now().plusSeconds(60)), message())).isInstanceOf(DeliveryResult.BadMessage.class);
        apns.rejectNext(1, RejectionReason.BAD_TOPIC);
        assertThat(gateway.deliver(target(token, Instant.now().plusSeconds(60)), message())).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(apns.requests()).as("neither retried").isEqualTo(2);
    }

    @Test
    void unreachableServerIsRetryLater() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ApnsGateway g = ApnsGateway.open(settings(ApnsStandIn.signingKeyFile(), "127.0.0.1:" + closedPort,
                ApnsStandIn.caFile()), sleeper.retries())) {
            DeliveryResult r = g.deliver(target(newToken(), Instant.now().plusSeconds(60)), message());
            assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
            assertThat(r.toString()).contains("cannot reach APNs");
        }
    }

    @Test
    void serverWithAnUntrustedCertificateIsRefused() {
        try (ApnsGateway g = ApnsGateway.open(settings(ApnsStandIn.signingKeyFile(), apns.endpoint(), null), sleeper.retries())) {
            DeliveryResult r = g.deliver(target(registered(), Instant.now().plusSeconds(60)), message());
            assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
            assertThat(r.toString()).contains("TLS");
        }
        assertThat(apns.requests()).isZero();
    }

    @Test
    void certificateAuthenticationDelivers() throws Exception {
        try (ApnsStandIn certServer = ApnsStandIn.startWithCertificateAuth();
             ApnsGateway g = ApnsGateway.open(new ApnsSettings(null, null, null, ApnsStandIn.clientP12(),
                     ApnsStandIn.CLIENT_P12_PASSWORD, ApnsStandIn.TOPIC, false, certServer.endpoint(), ApnsStandIn.caFile()),
                     sleeper.retries())) {
            String token = newToken();
            certServer.register(token);
            assertThat(g.deliver(target(token, Instant.now().plusSeconds(60)), message())).isEqualTo(DeliveryResult.DELIVERED);
            assertThat(certServer.accepted()).extracting(Accepted::token).containsExactly(token);
        }
    }

    @Test
    void wrongCertificatePasswordIsNamedWithoutEchoingIt() {
        assertThatThrownBy(() -> ApnsGateway.open(new ApnsSettings(null, null, null, ApnsStandIn.clientP12(), "wrong-secret",
                ApnsStandIn.TOPIC, false, apns.endpoint(), ApnsStandIn.caFile()), sleeper.retries()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ApnsStandIn.clientP12().toString())
                .message().doesNotContain("wrong-secret");
    }

    @Test
    void badSettingsAreNamed() throws Exception {
        Path ca = ApnsStandIn.caFile();
        assertThatThrownBy(() -> ApnsGateway.open(new ApnsSettings(ApnsStandIn.signingKeyFile(), null, ApnsStandIn.TEAM_ID,
                null, null, ApnsStandIn.TOPIC, false, null, ca), sleeper.retries()))
                .hasMessageContaining("--apns-key-id");
        assertThatThrownBy(() -> ApnsGateway.open(new ApnsSettings(ApnsStandIn.signingKeyFile(), "K", "T",
                null, null, null, false, null, ca), sleeper.retries()))
                .hasMessageContaining("--apns-topic");
        Path notAKey = Files.writeString(dir.resolve("key.p8"), "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ApnsGateway.open(settings(notAKey, apns.endpoint(), ca), sleeper.retries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notAKey.toString())
                .message().doesNotContain("nonsense");
        assertThatThrownBy(() -> ApnsGateway.open(settings(ApnsStandIn.signingKeyFile(), "no port here/x", ca), sleeper.retries()))
                .hasMessageContaining("--apns-endpoint");
    }
}
