package io.sensuspush.plan;

/** Why a pass deletes a request file (contract §2). */
public enum DeleteReason {
    /** Zero bytes: cancelled by the app, or a broken upload. */
    EMPTY("empty"),
    /** A newer file (larger creation-time) carries the same id. */
    OBSOLETE("obsolete"),
    /** Failed for a whole day: {@code time - (now + lead) <= -86400}. */
    EXPIRED("expired"),
    /** Due, but its device has no token (file missing or token empty). */
    STALE("stale"),
    /** An update request whose entry is now stored in an updates file. */
    PACKED("packed"),
    /**
     * A user-facing request whose backend key is not a GUID: the app cannot acknowledge it, so it is
     * pushed once (with an empty backend key) and then deleted instead of being pushed forever.
     */
    UNACKNOWLEDGEABLE("unacknowledgeable");

    private final String label;

    DeleteReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
