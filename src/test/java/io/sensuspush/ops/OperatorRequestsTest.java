package io.sensuspush.ops;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorRequestsTest {
    private static final Device DEV = new Device("7D0AB854-6FF4-4DF5-A970-CAFE81E18B30",
            "9870b48d-4a0f-46e9-bda9-bfd52241a913", Format.APPLE);
    private static final Instant NOW = Instant.ofEpochSecond(1_772_366_400L);
    private static final UUID U = UUID.fromString("0ed96702-1111-4222-8333-444455556666");

    @Test
    void messageBytesAreTheContractsFieldsInOrder() {
        PushRequest r = OperatorRequests.message(DEV, "Survey", "Please answer", "default", NOW, NOW.plusSeconds(60), U);
        assertThat(new String(ContractJson.writeRequest(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"" + U + "\",\"device\":\"" + DEV.device() + "\",\"protocol\":\"" + DEV.protocol()
                        + "\",\"title\":\"Survey\",\"body\":\"Please answer\",\"sound\":\"default\",\"format\":\"apple\","
                        + "\"creation-time\":1772366400,\"time\":1772366460}");
        assertThat(r.backendKey()).isEqualTo(U.toString());
    }

    @Test
    void updateIdNamesDeviceProtocolAndKind() {
        PushRequest r = OperatorRequests.update(DEV, UpdateType.ClearPushNotificationRequestBacklog,
                ContractJson.MAPPER.createObjectNode(), "clear-pnr-backlog", NOW, NOW, U);
        assertThat(new String(ContractJson.writeRequest(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"" + DEV.device() + "-" + DEV.protocol() + "-clear-pnr-backlog\",\"device\":\"" + DEV.device()
                        + "\",\"protocol\":\"" + DEV.protocol() + "\",\"format\":\"apple\","
                        + "\"creation-time\":1772366400,\"time\":1772366400,"
                        + "\"update\":{\"type\":\"ClearPushNotificationRequestBacklog\",\"content\":{}}}");
    }

    @Test
    void refusesAPushOverFourKilobytes() {
        String fits = "x".repeat(3500);
        OperatorRequests.message(DEV, "T", fits, "default", NOW, NOW, U);
        assertThatThrownBy(() -> OperatorRequests.message(DEV, "T", "x".repeat(4000), "default", NOW, NOW, U))
                .hasMessageContaining("over the push services' limit of 4096 bytes")
                .hasMessageContaining("shorten the title or body");
        // Escaping counts: 700 quotes become 1400 bytes in JSON.
        assertThatThrownBy(() -> OperatorRequests.message(DEV, "\"".repeat(1000), "é".repeat(1000), null, NOW, NOW, U))
                .hasMessageContaining("limit of 4096");
    }

    @Test
    void refusesUnknownTypesNonObjectContentAndBadUpdateIds() {
        assertThatThrownBy(() -> OperatorRequests.updateType("protocol"))
                .hasMessageContaining("unknown update type \"protocol\"").hasMessageContaining("SurveyAgentPolicy");
        assertThatThrownBy(() -> OperatorRequests.content("c.json", "[1,2]".getBytes()))
                .hasMessage("c.json: update content must be a JSON object, not array");
        assertThatThrownBy(() -> OperatorRequests.content("c.json", "{".getBytes()))
                .hasMessageContaining("c.json: is not valid JSON");
        assertThat(OperatorRequests.content("empty", " \n".getBytes()).isEmpty()).isTrue();
        assertThatThrownBy(() -> OperatorRequests.requireUpdateId("a b")).hasMessageContaining("update id \"a b\"");
    }
}
