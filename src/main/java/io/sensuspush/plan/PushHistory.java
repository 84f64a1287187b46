package io.sensuspush.plan;

import java.time.Instant;
import java.util.Map;

/**
 * When things were last pushed, so a pass can pace re-pushes. Keys are {@link #requestKey} and
 * {@link #updatesKey}. Read-only for the planner.
 */
public interface PushHistory {
    PushHistory NONE = key -> null;

    /** When this key was last delivered, or null. */
    Instant lastPushed(String key);

    static String requestKey(String backendKey) {
        return "request:" + backendKey;
    }

    static String updatesKey(String device) {
        return "updates:" + device;
    }

    static PushHistory of(Map<String, Instant> map) {
        return map::get;
    }
}
