package io.sensuspush.contract;

import java.util.Locale;

/** The push platform of a token or request, as the app writes it in {@code format}. */
public enum Format {
    /** Apple Push Notification service; the token is the device token in upper-case hex. */
    APPLE("apple"),
    /** Firebase Cloud Messaging; the token is the FCM registration token. */
    GCM("gcm");

    private final String wire;

    Format(String wire) {
        this.wire = wire;
    }

    /** The exact string the app writes. */
    public String wire() {
        return wire;
    }

    /** Parses the app's string; null when it is not one of the known formats. */
    public static Format fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Format f : values()) {
            if (f.wire.equals(value.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wire;
    }
}
