package io.sensuspush.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The payloads of contract §3, byte for byte. */
class PayloadsTest {
    static final String KEY = "0ed96702-1111-4c1d-9d2a-3f0c7d3e6a10";
    static final PushRequest MESSAGE = new PushRequest(KEY, "survey-1", "DEV", "PROTO", "Survey", "Please answer",
            "default", Format.APPLE, 1533831164, 1534831164, null);

    @Test
    void apnsUserFacing() {
        assertThat(ContractJson.string(Payloads.apns(Notification.forRequest(MESSAGE)))).isEqualTo(
                "{\"id\":\"survey-1\",\"protocol\":\"PROTO\",\"backend-key\":\"" + KEY + "\",\"update\":\"false\","
                        + "\"aps\":{\"content-available\":1,\"alert\":{\"title\":\"Survey\",\"body\":\"Please answer\"},"
                        + "\"sound\":\"default\"}}");
    }

    @Test
    void missingTitleBodyAndSoundAreEmptyStringsNeverNull() {
        PushRequest bare = new PushRequest(KEY, "x", "DEV", "PROTO", null, null, null, Format.APPLE, 1, 2, null);
        String apns = ContractJson.string(Payloads.apns(Notification.forRequest(bare)));
        assertThat(apns).contains("\"alert\":{\"title\":\"\",\"body\":\"\"},\"sound\":\"\"").doesNotContain("null");
        String fcm = ContractJson.string(Payloads.fcmV1(Notification.forRequest(bare)));
        assertThat(fcm).isEqualTo("{\"message\":{\"data\":{\"id\":\"x\",\"protocol\":\"PROTO\",\"backend-key\":\"" + KEY
                + "\",\"update\":\"false\",\"title\":\"\",\"body\":\"\",\"sound\":\"\"}}}");
    }

    @Test
    void legacyGcmWrapsTheDataMap() {
        assertThat(ContractJson.string(Payloads.gcmLegacy(Notification.forRequest(MESSAGE)))).isEqualTo(
                "{\"data\":{\"id\":\"survey-1\",\"protocol\":\"PROTO\",\"backend-key\":\"" + KEY + "\",\"update\":\"false\","
                        + "\"title\":\"Survey\",\"body\":\"Please answer\",\"sound\":\"default\"}}");
    }

    @Test
    void updateNotificationCarriesTrueAndEmptyStrings() {
        TokenFile token = new TokenFile("DEV", "PROTO", Format.GCM, "tok");
        Notification n = Notification.forUpdates(token, "fresh-id");
        assertThat(ContractJson.string(Payloads.fcmData(n))).isEqualTo(
                "{\"id\":\"fresh-id\",\"protocol\":\"PROTO\",\"backend-key\":\"\",\"update\":\"true\","
                        + "\"title\":\"\",\"body\":\"\",\"sound\":\"\"}");
        assertThat(n.isVisible()).isFalse();
    }

    @Test
    void aNonGuidBackendKeyIsSentEmptySoTheAppDoesNotDropIt() {
        PushRequest r = new PushRequest("not-a-guid", "x", "DEV", "P", "t", "b", null, Format.GCM, 1, 2, null);
        assertThat(Notification.forRequest(r).backendKey()).isEmpty();
        assertThat(r.hasGuidBackendKey()).isFalse();
        assertThat(MESSAGE.hasGuidBackendKey()).isTrue();
    }
}
