package io.sensuspush.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;

import java.util.List;

/**
 * The content of a {@code Protocol} update (contract §5):
 * {@code {"settings":[{"property-type","property-name","target-type","value"},…],"user-notification":{"message"}}}.
 * The app sets property {@code property-name}, declared on {@code property-type}, on every protocol object that
 * is a {@code target-type} (a probe type, possibly a base type such as {@code Sensus.Probes.PollingProbe}).
 */
public final class ProtocolSettings {
    public static final String PROBE = "Sensus.Probes.Probe";
    public static final String POLLING_PROBE = "Sensus.Probes.PollingProbe";

    private ProtocolSettings() {
    }

    /** One setting; {@code value} is any JSON value. */
    public record Setting(String propertyType, String propertyName, String targetType, JsonNode value) {
    }

    /**
     * Parses {@code PROPERTY-TYPE:PROPERTY-NAME[@TARGET-TYPE]=JSON-VALUE}; the target type defaults to the property
     * type. The value is JSON: {@code true}, {@code 30000}, {@code "text"} (quotes included).
     */
    public static Setting parseSet(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw malformed(spec, "no '=' before the value");
        }
        String left = spec.substring(0, eq).strip();
        String valueText = spec.substring(eq + 1).strip();
        String target = null;
        int at = left.indexOf('@');
        if (at >= 0) {
            target = left.substring(at + 1);
            left = left.substring(0, at);
            if (!isTypeName(target)) {
                throw malformed(spec, "target type \"" + target + "\" is not a type name");
            }
        }
        int colon = left.indexOf(':');
        if (colon < 0) {
            throw malformed(spec, "no ':' between property type and property name");
        }
        String type = left.substring(0, colon);
        String name = left.substring(colon + 1);
        if (!isTypeName(type)) {
            throw malformed(spec, "property type \"" + type + "\" is not a type name");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw malformed(spec, "property name \"" + name + "\" is not a property name");
        }
        if (valueText.isEmpty()) {
            throw malformed(spec, "no value after '='");
        }
        JsonNode value;
        try {
            value = ContractJson.MAPPER.readTree(valueText);
        } catch (JsonProcessingException e) {
            throw malformed(spec, "the value is not JSON (write text in double quotes: '…=\"text\"')");
        }
        return new Setting(type, name, target == null ? type : target, value);
    }

    private static boolean isTypeName(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    }

    private static IllegalArgumentException malformed(String spec, String why) {
        return new IllegalArgumentException("--set \"" + spec + "\": " + why
                + "; expected PROPERTY-TYPE:PROPERTY-NAME[@TARGET-TYPE]=JSON-VALUE, "
                + "e.g. Sensus.Probes.Probe:Enabled@Sensus.Probes.Location.GpsLocationProbe=false");
    }

    /** The old {@code enable-disable-probe} recipe: {@code Sensus.Probes.Probe:Enabled@TYPE=true|false}. */
    public static Setting probeEnabled(String probeType, boolean enabled) {
        if (!isTypeName(probeType)) {
            throw new IllegalArgumentException("probe type \"" + probeType + "\" is not a type name "
                    + "(e.g. Sensus.Probes.Location.GpsLocationProbe)");
        }
        return new Setting(PROBE, "Enabled", probeType, BooleanNode.valueOf(enabled));
    }

    /** The old {@code set-polling-delay-tolerance} recipe: both tolerances of every polling probe, in ms. */
    public static List<Setting> pollingDelayTolerance(long beforeMs, long afterMs) {
        return List.of(
                new Setting(POLLING_PROBE, "DelayToleranceBeforeMS", POLLING_PROBE, LongNode.valueOf(beforeMs)),
                new Setting(POLLING_PROBE, "DelayToleranceAfterMS", POLLING_PROBE, LongNode.valueOf(afterMs)));
    }

    /** Parses {@code BEFORE_MS[:AFTER_MS]}; AFTER defaults to BEFORE. */
    public static long[] parseTolerance(String spec) {
        String[] parts = spec.strip().split(":", -1);
        if (parts.length > 2 || !parts[0].matches("\\d{1,10}") || (parts.length == 2 && !parts[1].matches("\\d{1,10}"))) {
            throw new IllegalArgumentException("--polling-delay-tolerance \"" + spec
                    + "\": expected BEFORE_MS[:AFTER_MS], milliseconds, e.g. 30000:60000");
        }
        long before = Long.parseLong(parts[0]);
        return new long[]{before, parts.length == 2 ? Long.parseLong(parts[1]) : before};
    }

    /** The update content; the app shows {@code message} to the participant once the settings are applied. */
    public static ObjectNode content(List<Setting> settings, String message) {
        ObjectNode root = ContractJson.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("settings");
        for (Setting s : settings) {
            ObjectNode o = list.addObject();
            o.put("property-type", s.propertyType());
            o.put("property-name", s.propertyName());
            o.put("target-type", s.targetType());
            o.set("value", s.value());
        }
        root.putObject("user-notification").put("message", message);
        return root;
    }
}
