package io.sensuspush.contract;

import java.util.Objects;

/**
 * What the app receives (contract §3), independent of the push service. Every field is a
 * non-null string ({@code ""} when the request has none): iOS drops a notification with a
 * JSON null where it expects a string.
 *
 * @param backendKey the request's backend key (a GUID), or {@code ""} for an update notification
 * @param update     true for "you have unread updates": the app then fetches {@code updates/<device>/}
 */
public record Notification(
        String id, String protocol, String backendKey, boolean update, String title, String body, String sound) {

    public Notification {
        id = Objects.requireNonNullElse(id, "");
        protocol = Objects.requireNonNullElse(protocol, "");
        backendKey = Objects.requireNonNullElse(backendKey, "");
        title = Objects.requireNonNullElse(title, "");
        body = Objects.requireNonNullElse(body, "");
        sound = Objects.requireNonNullElse(sound, "");
    }

    /**
     * The user-facing notification of a request. A backend key the app cannot parse as a GUID is
     * sent as {@code ""}: the app then shows the message instead of dropping it (it cannot
     * acknowledge it either way).
     */
    public static Notification forRequest(PushRequest r) {
        String key = r.hasGuidBackendKey() ? r.backendKey() : "";
        return new Notification(r.id(), r.protocol(), key, false, r.title(), r.body(), r.sound());
    }

    /**
     * "You have unread updates", with the protocol from the device's token file. The app does not
     * use its id; like the old backend, callers give each one a fresh UUID.
     */
    public static Notification forUpdates(TokenFile token, String id) {
        return new Notification(id, token.protocol(), "", true, "", "", "");
    }

    /** True when a person will see it (a title or body), false for a silent/background push. */
    public boolean isVisible() {
        return !title.isEmpty() || !body.isEmpty();
    }
}
