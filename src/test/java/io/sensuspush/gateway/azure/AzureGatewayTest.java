package io.sensuspush.gateway.azure;

import io.sensuspush.testing.MutableClock;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.gateway.RecordingSleeper;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.AzureHubStandIn.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Azure gateway against a local stand-in hub that checks what Azure checks. */
class AzureGatewayTest {
    static final String HUB = "study-hub";
    static final String KEY_NAME = "DefaultFullSharedAccessSignature";
    static final String KEY = "hub/Key+with=chars&ü";
    static final String APPLE_TOKEN = "5F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8";
    static final String FCM_TOKEN = "dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx_8aPjv0MfAkE9rXb3mE4lK7"
            + "QyW2v8sT1uJ6oN0pZ3cV5bX9nM2qR4tY7wE1aS8dF6gH0jK3lL5zX7cV9bN1mQ";
    static final String ID = "0ed96702-6d4b-4c3a-9f43-1c2b7e3a5d11";
    static final String PROTOCOL = "9870b48d-4a0f-46e9-bda9-bfd52241a913";
    static final String BACKEND_KEY = "6f1c2a9e-3b7d-4e58-a1c4-2d9f0b8e7a61";

    AzureHubStandIn hub;
    RecordingSleeper sleeper = new RecordingSleeper();
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    List<AzureGateway> gateways = new ArrayList<>();

    @BeforeEach
    void startHub() {
        hub = AzureHubStandIn.start(HUB, KEY_NAME, KEY);
    }

    @AfterEach
    void stop() {
        gateways.forEach(AzureGateway::close);
        hub.close();
    }

    AzureConfig config() {
        return new AzureConfig(hub.endpoint(), HUB, KEY_NAME, KEY, AndroidFormat.fcmv1,
                Duration.ofMinutes(60), Duration.ofSeconds(5), 2);
    }

    AzureGateway gateway(AzureConfig config) {
        AzureGateway g = new AzureGateway(config, config.retries().withSleeper(sleeper), clock);
        gateways.add(g);
        return g;
    }

    AzureGateway gateway() {
        return gateway(config());
    }

    static PushTarget apple() {
        return new PushTarget("7D0AB854-6FF4-4DF5-A970-CAFE81E18B30", Format.APPLE, APPLE_TOKEN, null);
    }

    static PushTarget android() {
        return new PushTarget("A1B2C3D4-0000-4000-8000-000000000001", Format.GCM, FCM_TOKEN, null);
    }

    static Notification message() {
        return new Notification(ID, PROTOCOL, BACKEND_KEY, false, "Survey", "Please answer", "default");
    }

    static Notification updates() {
        return new Notification(ID, PROTOCOL, "", true, null, null, null);
    }

    String onlyPushBody() {
        assertThat(hub.pushes()).hasSize(1);
        return ContractJson.string(hub.pushes().getFirst().body());
    }

    // ---------------------------------------------------------------- payloads

    @Test
    void appleMessageArrivesWithExactApnsPayload() {
        assertThat(gateway().deliver(apple(), message())).isEqualTo(DeliveryResult.DELIVERED);

        AzureHubStandIn.Push push = hub.pushes().getFirst();
        assertThat(push.format()).isEqualTo("apple");
        assertThat(push.handle()).isEqualTo(APPLE_TOKEN);
        assertThat(onlyPushBody()).isEqualTo("{\"id\":\"" + ID + "\",\"protocol\":\"" + PROTOCOL
                + "\",\"backend-key\":\"" + BACKEND_KEY + "\",\"update\":\"false\","
                + "\"aps\":{\"content-available\":1,\"alert\":{\"title\":\"Survey\",\"body\":\"Please answer\"},"
                + "\"sound\":\"default\"}}");
    }

    @Test
    void appleUpdateNotificationCarriesEmptyStringsNeverNulls() {
        assertThat(gateway().deliver(apple(), updates()).delivered()).isTrue();

        assertThat(onlyPushBody()).isEqualTo("{\"id\":\"" + ID + "\",\"protocol\":\"" + PROTOCOL
                + "\",\"backend-key\":\"\",\"update\":\"true\","
                + "\"aps\":{\"content-available\":1,\"alert\":{\"title\":\"\",\"body\":\"\"},\"sound\":\"\"}}");
    }

    @Test
    void androidGoesAsFcmV1ByDefault() {
        assertThat(gateway().deliver(android(), message()).delivered()).isTrue();

        AzureHubStandIn.Push push = hub.pushes().getFirst();
        assertThat(push.format()).isEqualTo("fcmv1");
        assertThat(push.handle()).isEqualTo(FCM_TOKEN);
        assertThat(onlyPushBody()).isEqualTo("{\"message\":{\"data\":{\"id\":\"" + ID + "\",\"protocol\":\""
                + PROTOCOL + "\",\"backend-key\":\"" + BACKEND_KEY + "\",\"update\":\"false\","
                + "\"title\":\"Survey\",\"body\":\"Please answer\",\"sound\":\"default\"}}}");
    }

    @Test
    void androidGoesAsLegacyGcmWhenConfigured() {
        AzureGateway g = gateway(config().withAndroidFormat(AndroidFormat.gcm));
        assertThat(g.deliver(android(), updates()).delivered()).isTrue();

        assertThat(hub.pushes().getFirst().format()).isEqualTo("gcm");
        assertThat(onlyPushBody()).isEqualTo("{\"data\":{\"id\":\"" + ID + "\",\"protocol\":\"" + PROTOCOL
                + "\",\"backend-key\":\"\",\"update\":\"true\",\"title\":\"\",\"body\":\"\",\"sound\":\"\"}}");
    }

    @Test
    void payloadOver4KbIsNeverSent() {
        Notification huge = new Notification(ID, PROTOCOL, BACKEND_KEY, false, "Survey", "x".repeat(4100), "default");

        DeliveryResult r = gateway().deliver(android(), huge);

        assertThat(r).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(((DeliveryResult.BadMessage) r).reason()).contains("4096");
        assertThat(hub.requestCount()).isZero();
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badRequestIsBadMessageWithAzuresReasonAndNoFullToken() {
        hub.failNext(1, Answer.of(400, "The supplied notification payload is invalid for handle " + APPLE_TOKEN + "."));

        DeliveryResult r = gateway().deliver(apple(), message());

        assertThat(r).isInstanceOf(DeliveryResult.BadMessage.class);
        String reason = ((DeliveryResult.BadMessage) r).reason();
        assertThat(reason).contains("(400)").contains("The supplied notification payload is invalid")
                .doesNotContain("<Detail>").doesNotContain(APPLE_TOKEN).contains("5F1A2B…E7F8");
        assertThat(hub.requestCount()).isEqualTo(1);
    }

    @Test
    void payloadTooLargeAtTheHubIsBadMessage() {
        hub.failNext(1, Answer.of(413, "The notification payload is too large."));
        assertThat(gateway().deliver(apple(), message())).isInstanceOf(DeliveryResult.BadMessage.class);
        assertThat(hub.requestCount()).isEqualTo(1);
    }

    @Test
    void wrongKeyIsRefusedByTheHubAndTheResultShowsNoSecret() {
        AzureConfig wrong = new AzureConfig(hub.endpoint(), HUB, KEY_NAME, "not-the-key", AndroidFormat.fcmv1,
                Duration.ofMinutes(60), Duration.ofSeconds(5), 2);

        DeliveryResult r = gateway(wrong).deliver(apple(), message());

        assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(r.toString()).contains("hub rejected the SAS token: check key name/key")
                .doesNotContain("not-the-key").doesNotContain("sig=").doesNotContain("SharedAccessSignature");
        assertThat(hub.requestCount()).isEqualTo(1); // not retried
        assertThat(hub.pushes()).isEmpty();
    }

    @Test
    void wrongKeyNameIsRefusedByTheHub() {
        AzureConfig wrong = new AzureConfig(hub.endpoint(), HUB, "DefaultListenSharedAccessSignature", KEY,
                AndroidFormat.fcmv1, Duration.ofMinutes(60), Duration.ofSeconds(5), 2);
        assertThat(gateway(wrong).deliver(apple(), message())).isInstanceOf(DeliveryResult.Refused.class);
    }

    @Test
    void quotaForbiddenIsRetryLaterOtherForbiddenIsRefused() {
        hub.failNext(3, Answer.of(403, "The daily push quota of the namespace has been exceeded (QuotaExceeded)."));
        DeliveryResult quota = gateway().deliver(apple(), message());
        assertThat(quota).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(hub.requestCount()).isEqualTo(3); // 1 + 2 retries

        hub.failNext(1, Answer.of(403, "The namespace is disabled."));
        DeliveryResult other = gateway().deliver(apple(), message());
        assertThat(other).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(hub.requestCount()).isEqualTo(4);
    }

    @Test
    void unknownHubIsRefused() {
        AzureConfig elsewhere = new AzureConfig(hub.endpoint(), "other-hub", KEY_NAME, KEY, AndroidFormat.fcmv1,
                Duration.ofMinutes(60), Duration.ofSeconds(5), 2);
        DeliveryResult r = gateway(elsewhere).deliver(apple(), message());
        assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(((DeliveryResult.Refused) r).reason()).contains("other-hub").contains("404");
    }

    @Test
    void goneHandleIsDeadTokenAndOtherHandlesStillWork() {
        hub.answerFor(FCM_TOKEN, Answer.of(410, "The device handle has expired."));
        AzureGateway g = gateway();

        assertThat(g.deliver(android(), message())).isInstanceOf(DeliveryResult.DeadToken.class);
        assertThat(g.deliver(apple(), message()).delivered()).isTrue();
        assertThat(hub.pushes()).extracting(AzureHubStandIn.Push::handle).containsExactly(APPLE_TOKEN);
    }

    @Test
    void throttledThenAcceptedHonoursRetryAfterSeconds() {
        hub.failNext(1, Answer.retryAfter(429, "3"));

        assertThat(gateway().deliver(apple(), message()).delivered()).isTrue();

        assertThat(hub.requestCount()).isEqualTo(2);
        assertThat(hub.pushes()).hasSize(1);
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.getFirst()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(clock.instant().plusSeconds(4), ZoneOffset.UTC));
        hub.failNext(1, new Answer(503, date, "Service unavailable."));

        assertThat(gateway().deliver(apple(), message()).delivered()).isTrue();

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void retryAfterLongerThanTheCapIsReturnedAtOnce() {
        hub.failNext(1, Answer.retryAfter(429, "3600"));

        DeliveryResult r = gateway().deliver(apple(), message());

        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(hub.requestCount()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBoundedJitteredBackoffThenRetryLater() {
        hub.failNext(2, Answer.of(500, "Internal server error."));
        hub.failNext(1, Answer.of(503, "Service unavailable."));

        DeliveryResult r = gateway().deliver(android(), message());

        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).reason()).contains("503");
        assertThat(hub.requestCount()).isEqualTo(3);
        assertThat(hub.pushes()).isEmpty();
        assertThat(sleeper.waits).hasSize(2);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(1000));

        // the next pass succeeds once the hub recovers
        assertThat(gateway().deliver(android(), message()).delivered()).isTrue();
    }

    @Test
    void serverErrorThenSuccessIsDelivered() {
        hub.failNext(1, Answer.of(502, "Bad gateway."));
        assertThat(gateway().deliver(apple(), message()).delivered()).isTrue();
        assertThat(hub.requestCount()).isEqualTo(2);
        assertThat(hub.pushes()).hasSize(1);
    }

    @Test
    void connectionRefusedIsRetryLater() throws IOException {
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        DeliveryResult r = gateway(config().withEndpoint(closed)).deliver(apple(), message());

        assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
        assertThat(((DeliveryResult.RetryLater) r).reason()).contains("cannot reach hub");
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void silentHubTimesOutAsRetryLater() throws IOException {
        // A socket that accepts connections (backlog) but never answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            AzureConfig c = config().withEndpoint(endpoint).withRequestTimeout(Duration.ofMillis(300)).withMaxRetries(0);

            DeliveryResult r = gateway(c).deliver(apple(), message());

            assertThat(r).isInstanceOf(DeliveryResult.RetryLater.class);
            assertThat(((DeliveryResult.RetryLater) r).reason()).contains("did not answer within 300 ms");
        }
    }

    // ---------------------------------------------------------------- SAS lifetime

    @Test
    void sasTokenIsReusedUntilNearExpiryThenReminted() {
        AzureGateway g = gateway();
        long t0 = clock.instant().getEpochSecond();

        assertThat(g.deliver(apple(), message()).delivered()).isTrue();
        clock.advance(Duration.ofMinutes(54));
        assertThat(g.deliver(apple(), message()).delivered()).isTrue();
        clock.advance(Duration.ofMinutes(2)); // 56 min: within 5 minutes of expiry
        assertThat(g.deliver(apple(), message()).delivered()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(g.deliver(apple(), message()).delivered()).isTrue();

        assertThat(hub.pushes()).extracting(AzureHubStandIn.Push::sasExpiry).containsExactly(
                t0 + 3600, t0 + 3600, t0 + 56 * 60 + 3600, t0 + 56 * 60 + 3600);
    }
}
