package io.sensuspush.contract;

import java.util.UUID;

/**
 * {@code push-notifications/requests/<backendKey>.json}: a notification the app wants delivered at {@code time}.
 *
 * @param backendKey   the file name without {@code .json}; the app acknowledges a push by deleting this file
 * @param id           the logical notification; of several files with one id, the newest creation time wins
 * @param title        may be null (the app omits null fields)
 * @param body         may be null
 * @param sound        may be null
 * @param creationTime Unix seconds
 * @param time         Unix seconds at which it must reach the device
 * @param update       null for a user-facing message
 */
public record PushRequest(
        String backendKey,
        String id,
        String device,
        String protocol,
        String title,
        String body,
        String sound,
        Format format,
        long creationTime,
        long time,
        Update update) {

    public boolean isUpdate() {
        return update != null;
    }

    /** True when the app can acknowledge a push for this request: it parses the backend key as a GUID. */
    public boolean hasGuidBackendKey() {
        return isGuid(backendKey);
    }

    /** Whether the app's GUID parse accepts this string (the 8-4-4-4-12 hex form). */
    public static boolean isGuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
