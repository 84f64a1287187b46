package io.sensuspush.ops;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sensuspush.contract.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolSettingsTest {
    @Test
    void parsesSetWithAndWithoutTarget() {
        assertThat(ProtocolSettings.parseSet("Sensus.Probes.Probe:Enabled@Sensus.Probes.Location.GpsLocationProbe=false"))
                .isEqualTo(new ProtocolSettings.Setting("Sensus.Probes.Probe", "Enabled",
                        "Sensus.Probes.Location.GpsLocationProbe", BooleanNode.FALSE));
        assertThat(ProtocolSettings.parseSet("Sensus.Protocol:Name=\"a=b\""))
                .isEqualTo(new ProtocolSettings.Setting("Sensus.Protocol", "Name", "Sensus.Protocol", TextNode.valueOf("a=b")));
        assertThat(ProtocolSettings.parseSet("Sensus.Probes.ListeningProbe:MaxDataStoresPerSecond=10").value())
                .isEqualTo(IntNode.valueOf(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sensus.Probes.Probe:Enabled", "Sensus.Probes.Probe=true", "Sensus.Probes.Probe:=true",
            ":Enabled=true", "Sensus.Probes.Probe:Enabled=", "Sensus.Probes.Probe:Enabled=yes please",
            "Sensus.Probes.Probe:Enabled@=true", "Sensus Probes:Enabled=true", "Sensus.Probes.Probe:Ena bled=true"})
    void refusesMalformedSet(String spec) {
        assertThatThrownBy(() -> ProtocolSettings.parseSet(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--set \"" + spec + "\": ")
                .hasMessageContaining("PROPERTY-TYPE:PROPERTY-NAME[@TARGET-TYPE]=JSON-VALUE");
    }

    @Test
    void contentHasTheContractShapeInOrder() {
        var content = ProtocolSettings.content(ProtocolSettings.pollingDelayTolerance(30000, 60000), "Updated.");
        assertThat(ContractJson.string(content)).isEqualTo("{\"settings\":["
                + "{\"property-type\":\"Sensus.Probes.PollingProbe\",\"property-name\":\"DelayToleranceBeforeMS\","
                + "\"target-type\":\"Sensus.Probes.PollingProbe\",\"value\":30000},"
                + "{\"property-type\":\"Sensus.Probes.PollingProbe\",\"property-name\":\"DelayToleranceAfterMS\","
                + "\"target-type\":\"Sensus.Probes.PollingProbe\",\"value\":60000}],"
                + "\"user-notification\":{\"message\":\"Updated.\"}}");
    }

    @Test
    void tolerances() {
        assertThat(ProtocolSettings.parseTolerance("30000")).containsExactly(30000, 30000);
        assertThat(ProtocolSettings.parseTolerance("30000:60000")).containsExactly(30000, 60000);
        for (String bad : List.of("", "a", "1:2:3", "-5", "30000:")) {
            assertThatThrownBy(() -> ProtocolSettings.parseTolerance(bad)).hasMessageContaining("BEFORE_MS[:AFTER_MS]");
        }
    }
}
