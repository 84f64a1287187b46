package io.sensuspush.gateway;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.apns.ApnsGateway;
import io.sensuspush.gateway.apns.ApnsSettings;
import io.sensuspush.gateway.fcm.FcmGateway;
import io.sensuspush.testing.ApnsStandIn;
import io.sensuspush.testing.FcmStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectGatewayTest {
    static final String APPLE_TOKEN = "7A2F".repeat(16);
    static final String FCM_TOKEN = "fcm-registration-token-0123456789";
    static final Notification MESSAGE = new Notification("req-1", "proto-1", "0ed96702-1c4b-4d3e-9a55-0123456789ab",
            false, "Survey", "Please answer", "default");

    @TempDir
    Path dir;
    FcmStandIn fcm;
    ApnsStandIn apns;
    FcmGateway fcmGateway;
    ApnsGateway apnsGateway;

    @BeforeEach
    void start() throws Exception {
        fcm = FcmStandIn.start();
        apns = ApnsStandIn.start();
        apns.register(APPLE_TOKEN);
        RecordingSleeper sleeper = new RecordingSleeper();
        fcmGateway = FcmGateway.fromServiceAccount(fcm.writeServiceAccount(dir), null, fcm.endpoint(), sleeper.retries());
        apnsGateway = ApnsGateway.open(new ApnsSettings(ApnsStandIn.signingKeyFile(), ApnsStandIn.KEY_ID, ApnsStandIn.TEAM_ID,
                null, null, ApnsStandIn.TOPIC, false, apns.endpoint(), ApnsStandIn.caFile()), sleeper.retries());
    }

    @AfterEach
    void stop() throws Exception {
        fcmGateway.close();
        apnsGateway.close();
        fcm.close();
        apns.close();
    }

    static PushTarget target(Format format, String token) {
        return new PushTarget("device-1", format, token, Instant.now().plusSeconds(3600));
    }

    @Test
    void routesEachFormatToItsOwnService() {
        DirectGateway direct = new DirectGateway(fcmGateway, apnsGateway);
        assertThat(direct.name()).isEqualTo("direct");
        assertThat(direct.description()).isEqualTo("direct(fcm+apns)");

        assertThat(direct.deliver(target(Format.GCM, FCM_TOKEN), MESSAGE)).isEqualTo(DeliveryResult.DELIVERED);
        assertThat(fcm.accepted()).hasSize(1);
        assertThat(apns.accepted()).isEmpty();

        assertThat(direct.deliver(target(Format.APPLE, APPLE_TOKEN), MESSAGE)).isEqualTo(DeliveryResult.DELIVERED);
        assertThat(apns.accepted()).extracting(ApnsStandIn.Accepted::token).containsExactly(APPLE_TOKEN);
        assertThat(fcm.accepted()).hasSize(1);
    }

    @Test
    void aPlatformWithoutCredentialsIsRefusedWithTheOptionsToGive() {
        DirectGateway fcmOnly = new DirectGateway(fcmGateway, null);
        DeliveryResult r = fcmOnly.deliver(target(Format.APPLE, APPLE_TOKEN), MESSAGE);
        assertThat(r).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(((DeliveryResult.Refused) r).reason()).contains("no APNs credentials configured").contains("--apns-key");
        assertThat(apns.requests()).isZero();

        DirectGateway apnsOnly = new DirectGateway(null, apnsGateway);
        DeliveryResult r2 = apnsOnly.deliver(target(Format.GCM, FCM_TOKEN), MESSAGE);
        assertThat(((DeliveryResult.Refused) r2).reason()).contains("no FCM credentials configured").contains("--fcm-service-account");
        assertThat(fcm.sendRequests()).isZero();
        assertThat(apnsOnly.description()).isEqualTo("direct(apns)");
    }

    @Test
    void needsAtLeastOnePlatform() {
        assertThatThrownBy(() -> new DirectGateway(null, null)).hasMessageContaining("--fcm-service-account");
    }
}
