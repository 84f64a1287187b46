package io.sensuspush.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the exact JSON bodies of contract §3. Field order follows the contract.
 * Push services cap a payload at {@link #MAX_PAYLOAD_BYTES}.
 */
public final class Payloads {
    /** APNs and FCM both refuse payloads over 4 KB. */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Payloads() {
    }

    /** {@code {"id","protocol","backend-key","update","aps":{"content-available":1,"alert":{"title","body"},"sound"}}} */
    public static ObjectNode apns(Notification n) {
        ObjectNode root = F.objectNode();
        root.put("id", n.id());
        root.put("protocol", n.protocol());
        root.put("backend-key", n.backendKey());
        root.put("update", Boolean.toString(n.update()));
        ObjectNode aps = root.putObject("aps");
        aps.put("content-available", 1);
        ObjectNode alert = aps.putObject("alert");
        alert.put("title", n.title());
        alert.put("body", n.body());
        aps.put("sound", n.sound());
        return root;
    }

    /** The FCM data map: every field a string. */
    public static ObjectNode fcmData(Notification n) {
        ObjectNode data = F.objectNode();
        data.put("id", n.id());
        data.put("protocol", n.protocol());
        data.put("backend-key", n.backendKey());
        data.put("update", Boolean.toString(n.update()));
        data.put("title", n.title());
        data.put("body", n.body());
        data.put("sound", n.sound());
        return data;
    }

    /** Legacy FCM body, as Azure's {@code gcm} format takes it: {@code {"data":{…}}}. */
    public static ObjectNode gcmLegacy(Notification n) {
        ObjectNode root = F.objectNode();
        root.set("data", fcmData(n));
        return root;
    }

    /** FCM v1 body without a target, as Azure's {@code fcmv1} format takes it: {@code {"message":{"data":{…}}}}. */
    public static ObjectNode fcmV1(Notification n) {
        ObjectNode root = F.objectNode();
        root.putObject("message").set("data", fcmData(n));
        return root;
    }

    /**
     * The size of the largest body this notification may be sent as (APNs, FCM v1, legacy FCM), counting a
     * GUID-long backend key even when it will be sent empty: what must stay within {@link #MAX_PAYLOAD_BYTES}.
     */
    public static int largestSize(Notification n) {
        Notification withKey = n.backendKey().length() >= GUID_LENGTH ? n
                : new Notification(n.id(), n.protocol(), "0".repeat(GUID_LENGTH), n.update(), n.title(), n.body(), n.sound());
        return Math.max(sizeOf(apns(withKey)), Math.max(sizeOf(fcmV1(withKey)), sizeOf(gcmLegacy(withKey))));
    }

    private static final int GUID_LENGTH = 36;

    /** UTF-8 size of a payload as it would be sent. */
    public static int sizeOf(ObjectNode payload) {
        return ContractJson.bytes(payload).length;
    }
}
