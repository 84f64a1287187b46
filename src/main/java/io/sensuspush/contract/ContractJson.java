package io.sensuspush.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the contract's files. Parsing validates every field the pass relies on and
 * reports the first problem as a {@link ContractException} naming the file and the field.
 */
public final class ContractJson {
    /** No real request comes close; larger files are refused before parsing. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    /** Times before 2000 or after 2200 are not Sensus times (Unix seconds). */
    private static final long MIN_TIME = 946_684_800L;
    private static final long MAX_TIME = 7_258_118_400L;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build());

    private ContractJson() {
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- tokens

    /** Parses {@code tokens/<device>.json}. An empty token is allowed (it means "no token"). */
    public static TokenFile parseToken(String file, byte[] content) {
        ObjectNode o = parseObject(file, content);
        String device = Ids.requireSafeSegment(file, "device", requiredString(file, o, "device"));
        String protocol = requiredString(file, o, "protocol");
        Format format = format(file, o);
        String token = optionalString(file, o, "token");
        return new TokenFile(device, protocol, format, token == null ? "" : token);
    }

    public static byte[] writeToken(TokenFile t) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("device", t.device());
        o.put("protocol", t.protocol());
        o.put("format", t.format().wire());
        o.put("token", t.token());
        return bytes(o);
    }

    // -------------------------------------------------------------- requests

    /**
     * Parses {@code requests/<backendKey>.json}. Call only for non-empty files: an empty file is a
     * cancelled request, which the pass handles before parsing.
     */
    public static PushRequest parseRequest(String file, String backendKey, byte[] content) {
        ObjectNode o = parseObject(file, content);
        String id = requiredString(file, o, "id");
        if (id.isEmpty()) {
            throw new ContractException(file, "id", "is empty");
        }
        String device = Ids.requireSafeSegment(file, "device", requiredString(file, o, "device"));
        String protocol = requiredString(file, o, "protocol");
        String title = optionalString(file, o, "title");
        String body = optionalString(file, o, "body");
        String sound = optionalString(file, o, "sound");
        Format format = format(file, o);
        long creationTime = time(file, o, "creation-time");
        long time = time(file, o, "time");
        Update update = null;
        JsonNode u = o.get("update");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) {
                throw new ContractException(file, "update", "must be an object");
            }
            String typeName = requiredString(file, (ObjectNode) u, "type", "update.type");
            UpdateType type = UpdateType.fromWire(typeName);
            if (type == null) {
                throw new ContractException(file, "update.type", "unknown update type \"" + typeName + "\"");
            }
            JsonNode content2 = u.get("content");
            if (content2 == null || content2.isNull()) {
                content2 = MAPPER.createObjectNode();
            }
            if (!content2.isObject()) {
                throw new ContractException(file, "update.content", "must be a JSON object");
            }
            update = new Update(type, (ObjectNode) content2);
        }
        return new PushRequest(backendKey, id, device, protocol, title, body, sound, format, creationTime, time, update);
    }

    /** Writes a request the way the app does: contract field order, null fields omitted. */
    public static byte[] writeRequest(PushRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("device", r.device());
        o.put("protocol", r.protocol());
        if (r.title() != null) {
            o.put("title", r.title());
        }
        if (r.body() != null) {
            o.put("body", r.body());
        }
        if (r.sound() != null) {
            o.put("sound", r.sound());
        }
        o.put("format", r.format().wire());
        o.put("creation-time", r.creationTime());
        o.put("time", r.time());
        if (r.update() != null) {
            ObjectNode u = o.putObject("update");
            u.put("type", r.update().type().name());
            u.set("content", r.update().content());
        }
        return bytes(o);
    }

    // --------------------------------------------------------------- updates

    /** Writes an updates file: a JSON array of {@code {"id","type","content"}}. */
    public static byte[] writeUpdates(List<UpdateEntry> entries) {
        ArrayNode a = MAPPER.createArrayNode();
        for (UpdateEntry e : entries) {
            ObjectNode o = a.addObject();
            o.put("id", e.id());
            o.put("type", e.type().name());
            o.set("content", e.content());
        }
        return bytes(a);
    }

    /** Reads an updates file as the app would. */
    public static List<UpdateEntry> parseUpdates(String file, byte[] content) {
        JsonNode root = parse(file, content);
        if (!root.isArray()) {
            throw new ContractException(file, null, "an updates file must be a JSON array");
        }
        List<UpdateEntry> out = new ArrayList<>();
        for (JsonNode n : root) {
            if (!n.isObject()) {
                throw new ContractException(file, null, "an update entry must be an object");
            }
            ObjectNode o = (ObjectNode) n;
            String typeName = requiredString(file, o, "type");
            UpdateType type = UpdateType.fromWire(typeName);
            if (type == null) {
                throw new ContractException(file, "type", "unknown update type \"" + typeName + "\"");
            }
            JsonNode c = o.get("content");
            if (c == null || !c.isObject()) {
                throw new ContractException(file, "content", "must be a JSON object");
            }
            out.add(new UpdateEntry(requiredString(file, o, "id"), type, (ObjectNode) c));
        }
        return out;
    }

    // --------------------------------------------------------------- helpers

    public static JsonNode parse(String file, byte[] content) {
        if (content.length > MAX_FILE_BYTES) {
            throw new ContractException(file, null,
                    "is " + content.length + " bytes, larger than any real file (" + MAX_FILE_BYTES + ")");
        }
        try {
            JsonNode n = MAPPER.readTree(content);
            if (n == null || n.isMissingNode()) {
                throw new ContractException(file, null, "is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ContractException(file, null, "is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ContractException(file, null, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static ObjectNode parseObject(String file, byte[] content) {
        JsonNode n = parse(file, content);
        if (!n.isObject()) {
            throw new ContractException(file, null, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static String requiredString(String file, ObjectNode o, String field) {
        return requiredString(file, o, field, field);
    }

    private static String requiredString(String file, ObjectNode o, String field, String shownAs) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new ContractException(file, shownAs, "is missing");
        }
        if (!n.isTextual()) {
            throw new ContractException(file, shownAs, "must be a string");
        }
        return n.asText();
    }

    private static String optionalString(String file, ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ContractException(file, field, "must be a string");
        }
        return n.asText();
    }

    private static Format format(String file, ObjectNode o) {
        String value = requiredString(file, o, "format");
        Format f = Format.fromWire(value);
        if (f == null) {
            throw new ContractException(file, "format", "unknown format \"" + value + "\" (expected apple or gcm)");
        }
        return f;
    }

    private static long time(String file, ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new ContractException(file, field, "is missing");
        }
        long value;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            value = n.asLong();
        } else if (n.isFloatingPointNumber()) {
            value = (long) Math.floor(n.asDouble());
        } else if (n.isTextual() && n.asText().matches("-?\\d{1,12}")) {
            value = Long.parseLong(n.asText());
        } else {
            throw new ContractException(file, field, "must be Unix seconds (a number)");
        }
        if (value < MIN_TIME || value > MAX_TIME) {
            throw new ContractException(file, field, "is " + value + ", not a plausible Unix time in seconds");
        }
        return value;
    }
}
