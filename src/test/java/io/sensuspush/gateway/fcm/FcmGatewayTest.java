package io.sensuspush.gateway.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.gateway.RecordingSleeper;
import io.sensuspush.testing.FcmStandIn;
import io.sensuspush.testing.FcmStandIn.FcmError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FcmGatewayTest {
    static final String TOKEN = "fcm-token-dGhpcyBpcyBhIHRlc3QgcmVnaXN0cmF0aW9uIHRva2Vu:APA91bHjK";
    static final String KEY = "0ed96702-1c4b-4d3e-9a55-0123456789ab";

    @TempDir
    Path dir;
    FcmStandIn fcm;
    RecordingSleeper sleeper = new RecordingSleeper();
    FcmGateway gateway;

    @BeforeEach
    void start() throws Exception {
        fcm = FcmStandIn.start();
        gateway = FcmGateway.fromServiceAccount(fcm.writeServiceAccount(dir), null, fcm.endpoint(), sleeper.retries());
    }

    @AfterEach
    void stop() {
        gateway.close();
        fcm.close();
    }

    static PushTarget target(String token, Instant expiresAt) {
        return new PushTarget("7D0AB854-6FF4-4DF5-A970-CAFE81E18B30", Format.GCM, token, expiresAt);
    }

    static Notification message() {
        return new Notification("req-1", "proto-1", KEY, false, "Survey", "Please answer", "default");
    }

    static Notification update() {
        return new Notification("upd-1", "proto-1", "", true, "", "", "");
    }

    @Test
    void userFacingMessageCarriesTheContractFieldsAsStrings() {
        Instant expires = Instant.now().plusSeconds(3600);
        assertThat(gateway.deliver(target(TOKEN, expires), message())).as("%s", fcm.refusals()).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(fcm.accepted()).hasSize(1);
        JsonNode m = fcm.accepted().get(0);
        assertThat(m.path("token").asText()).isEqualTo(TOKEN);
        assertThat(m.path("data").toString()).isEqualTo("{\"id\":\"req-1\",\"protocol\":\"proto-1\",\"backend-key\":\"" + KEY
                + "\",\"update\":\"false\",\"title\":\"Survey\",\"body\":\"Please answer\",\"sound\":\"default\"}");
        assertThat(m.path("android").path("priority").asText()).isEqualTo("high");
        long ttl = Long.parseLong(m.path("android").path("ttl").asText().replace("s", ""));
        assertThat(ttl).isBetween(3590L, 3600L);
        assertThat(m.has("notification")).as("data-only: the app builds what the user sees").isFalse();
    }

    @Test
    void updateNotificationCarriesEmptyStringsAndUpdateTrue() {
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), update())).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(fcm.accepted().get(0).path("data").toString()).isEqualTo("{\"id\":\"upd-1\",\"protocol\":\"proto-1\","
                + "\"backend-key\":\"\",\"update\":\"true\",\"title\":\"\",\"body\":\"\",\"sound\":\"\"}");
    }

    @Test
    void ttlIsTheTimeLeftUntilExpiryNeverNegativeAndAtMost28Days() {
        gateway.deliver(target(TOKEN, Instant.now().minusSeconds(500)), message());
        gateway.deliver(target(TOKEN, Instant.now().plus(Duration.ofDays(400))), message());
        gateway.deliver(target(TOKEN, null), message());

        assertThat(fcm.accepted()).extracting(m -> m.path("android").path("ttl").asText(null))
                .containsExactly("0s", "2419200s", null);
    }

    @Test
    void oneOAuthTokenServesManySends() {
        for (int i = 0; i < 25; i++) {
            assertThat(gateway.deliver(target(TOKEN + i, Instant.now().plusSeconds(600)), message()).delivered()).isTrue();
        }
        assertThat(fcm.tokenRequests()).isEqualTo(1);
        assertThat(fcm.accepted()).hasSize(25);
    }

    @Test
    void oversizePayloadIsBadMessageAndNeverSent() {
        Notification big = new Notification("req-1", "proto-1", KEY, false, "T", "x".repeat(4000), "default");
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), big);
        assertThat(r).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(((DeliveryResult.BadMessage) r).reason()).contains("4096");
        assertThat(fcm.sendRequests()).isZero();
    }

    @Test
    void unregisteredTokenIsDeadAndNotRetried() {
        fcm.failToken(TOKEN, FcmError.unregistered());
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.DeadToken.class);
        assertThat(((DeliveryResult.DeadToken) r).reason()).contains("404").contains("UNREGISTERED");
        assertThat(fcm.sendRequests()).isEqualTo(1);
        assertThat(fcm.accepted()).isEmpty();
    }

    @Test
    void invalidRegistrationTokenIsDead() {
        fcm.failToken(TOKEN, FcmError.invalidToken());
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()))
                .isInstanceOf(DeliveryResult.DeadToken.class);
    }

    @Test
    void senderIdMismatchIsDead() {
        fcm.failToken(TOKEN, FcmError.senderIdMismatch());
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()))
                .isInstanceOf(DeliveryResult.DeadToken.class);
    }

    @Test
    void otherInvalidArgumentIsBadMessageAndNotRetried() {
        fcm.failNext(1, FcmError.invalidArgument("Request contains an invalid argument."));
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(fcm.sendRequests()).isEqualTo(1);
    }

    @Test
    void quotaExceededWithShortRetryAfterWaitsThatLongThenDelivers() {
        fcm.failNext(1, FcmError.quotaExceeded(2));
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message())).isEqualTo(DeliveryResult.DELIVERED);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
        assertThat(fcm.sendRequests()).isEqualTo(2);
    }

    @Test
    void quotaExceededWithoutRetryAfterBacksOffAMinuteInsteadOfWaiting() {
        fcm.failNext(1, FcmError.quotaExceeded(null));
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isEqualTo(new DeliveryResult.RetryLater(Duration.ofSeconds(60), ((DeliveryResult.RetryLater) r).reason()));
        assertThat(((DeliveryResult.RetryLater) r).reason()).contains("429").contains("QUOTA_EXCEEDED");
        assertThat(sleeper.waits).isEmpty();
        assertThat(fcm.sendRequests()).isEqualTo(1);
    }

    @Test
    void quotaExceededWithLongRetryAfterIsPassedOnNotWaitedFor() {
        fcm.failNext(1, FcmError.quotaExceeded(120));
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void unavailableIsRetriedWithJitteredBackoffThenDelivered() {
        fcm.failNext(1, FcmError.unavailable());
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message())).isEqualTo(DeliveryResult.DELIVERED);
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(fcm.accepted()).hasSize(1);
    }

    @Test
    void internalErrorOnEveryAttemptIsRetryLaterAfterBoundedAttempts() {
        fcm.failNext(5, FcmError.internal());
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).reason()).contains("500").contains("INTERNAL");
        assertThat(fcm.sendRequests()).isEqualTo(3);
        assertThat(sleeper.waits).hasSize(2);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void thirdPartyAuthErrorIsRefused() {
        fcm.failNext(1, FcmError.thirdPartyAuthError());
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()))
                .isInstanceOf(DeliveryResult.Refused.class);
    }

    @Test
    void rejectedAccessTokenIsRefusedWithoutLeakingIt() {
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()).delivered()).isTrue();
        fcm.revokeAccessTokens();
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(r.toString()).contains("401").doesNotContain("ya29");
    }

    @Test
    void serviceAccountWithAForeignKeyIsRefusedByTheTokenEndpoint() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        try (FcmGateway other = FcmGateway.fromServiceAccount(fcm.writeServiceAccount(dir, g.generateKeyPair()), null,
                fcm.endpoint(), sleeper.retries())) {
            DeliveryResult r = other.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
            assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
            assertThat(r.toString()).doesNotContain("PRIVATE KEY");
        }
        assertThat(fcm.refusals()).anySatisfy(s -> assertThat(s).contains("Signature"));
        assertThat(fcm.sendRequests()).isZero();
    }

    @Test
    void unreachableServiceIsRetryLater() {
        assertThat(gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()).delivered()).isTrue();
        fcm.close(); // the access token is cached: the send itself now fails to connect
        DeliveryResult r = gateway.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).reason()).contains("cannot reach FCM");
    }

    @Test
    void unreachableTokenEndpointIsRetryLater() throws Exception {
        Path sa = fcm.writeServiceAccount(dir);
        fcm.close();
        try (FcmGateway g = FcmGateway.fromServiceAccount(sa, null, fcm.endpoint(), sleeper.retries())) {
            assertThat(g.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message()))
                    .isInstanceOf(DeliveryResult.RetryLater.class);
        }
    }

    @Test
    void projectOverrideChangesThePath() throws Exception {
        try (FcmGateway g = FcmGateway.fromServiceAccount(fcm.writeServiceAccount(dir), "another-project", fcm.endpoint(),
                sleeper.retries())) {
            DeliveryResult r = g.deliver(target(TOKEN, Instant.now().plusSeconds(60)), message());
            // the stand-in serves only its own project: a wrong project is our configuration, not the token
            assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
        }
        assertThat(fcm.refusals()).anySatisfy(s -> assertThat(s).contains("/v1/projects/another-project/messages:send"));
    }

    @Test
    void unusableServiceAccountFilesAreNamedWithoutEchoingThem() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> FcmGateway.fromServiceAccount(missing, null, fcm.endpoint(), sleeper.retries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"type\":\"service_account\",\"private_key\":\"SECRET-KEY\"}");
        assertThatThrownBy(() -> FcmGateway.fromServiceAccount(garbage, null, fcm.endpoint(), sleeper.retries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(garbage.toString())
                .message().doesNotContain("SECRET-KEY");

        Path noProject = fcm.writeServiceAccount(dir);
        Files.writeString(noProject, Files.readString(noProject).replace("\"project_id\" : \"" + FcmStandIn.PROJECT + "\",", ""));
        assertThatThrownBy(() -> FcmGateway.fromServiceAccount(noProject, null, fcm.endpoint(), sleeper.retries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fcm-project");
    }
}
