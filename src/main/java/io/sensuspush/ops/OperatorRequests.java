package io.sensuspush.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractException;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.Update;
import io.sensuspush.contract.UpdateType;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the request files operators' tools write (contract §5), exactly as the old scripts did but checked:
 * each request must parse back under the contract, and what will be pushed for it must fit the push
 * services' {@value Payloads#MAX_PAYLOAD_BYTES}-byte limit.
 */
public final class OperatorRequests {
    /** Update ids end up inside request ids; keep them to what the old scripts allowed, plus dots for type names. */
    private static final Pattern UPDATE_ID = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    private OperatorRequests() {
    }

    /**
     * A user-facing message: a new UUID as id and file name (backend key).
     *
     * @param sound "default", or null for a silent message (the field is then omitted)
     */
    public static PushRequest message(Device d, String title, String body, String sound,
                                      Instant created, Instant due, UUID uuid) {
        String key = uuid.toString();
        PushRequest r = new PushRequest(key, key, d.device(), d.protocol(), title, body, sound, d.format(),
                created.getEpochSecond(), due.getEpochSecond(), null);
        return checked(r);
    }

    /**
     * An update: id {@code <device>-<protocol>-<update-id>}, so that a newer update of the same kind for the same
     * device replaces an older one still pending; the file name is {@code fileUuid}.
     */
    public static PushRequest update(Device d, UpdateType type, ObjectNode content, String updateId,
                                     Instant created, Instant due, UUID fileUuid) {
        requireUpdateId(updateId);
        String id = d.device() + "-" + d.protocol() + "-" + updateId;
        PushRequest r = new PushRequest(fileUuid.toString(), id, d.device(), d.protocol(), null, null, null, d.format(),
                created.getEpochSecond(), due.getEpochSecond(), new Update(type, content));
        return checked(r);
    }

    public static void requireUpdateId(String updateId) {
        if (updateId == null || !UPDATE_ID.matcher(updateId).matches()) {
            throw new IllegalArgumentException("update id \"" + updateId + "\" must be 1 to 120 letters, digits, "
                    + "dots, dashes or underscores");
        }
    }

    /** Parses an update type by the app's exact name, or says which names exist. */
    public static UpdateType updateType(String name) {
        UpdateType t = UpdateType.fromWire(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown update type \"" + name + "\"; the app understands: "
                    + String.join(", ", java.util.Arrays.stream(UpdateType.values()).map(Enum::name).toList()));
        }
        return t;
    }

    /** Parses update content: it must be a JSON object; {@code source} names where it came from. */
    public static ObjectNode content(String source, byte[] json) {
        if (json.length == 0 || new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return ContractJson.MAPPER.createObjectNode(); // the old scripts: an empty file means {}
        }
        try {
            var node = ContractJson.parse(source, json);
            if (!node.isObject()) {
                throw new IllegalArgumentException(source + ": update content must be a JSON object, not "
                        + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            return (ObjectNode) node;
        } catch (ContractException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Refuses a request that the backend would reject or that could not be pushed: it must parse back
     * under the contract, and its push payload (APNs and both FCM forms) must fit 4 KB.
     */
    public static PushRequest checked(PushRequest r) {
        byte[] bytes = ContractJson.writeRequest(r);
        try {
            ContractJson.parseRequest("request for device " + r.device(), r.backendKey(), bytes);
        } catch (ContractException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Notification n = r.isUpdate()
                ? new Notification(UUID.randomUUID().toString(), r.protocol(), "", true, "", "", "")
                : Notification.forRequest(r);
        int size = Math.max(Payloads.sizeOf(Payloads.apns(n)),
                Math.max(Payloads.sizeOf(Payloads.gcmLegacy(n)), Payloads.sizeOf(Payloads.fcmV1(n))));
        if (size > Payloads.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("the push for device " + r.device() + " would be " + size
                    + " bytes, over the push services' limit of " + Payloads.MAX_PAYLOAD_BYTES
                    + " bytes: shorten the title or body by at least " + (size - Payloads.MAX_PAYLOAD_BYTES) + " bytes");
        }
        return r;
    }
}
