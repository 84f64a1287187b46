package io.sensuspush.contract;

/** Shortens values that must not be printed whole (device push tokens). */
public final class Redaction {
    private Redaction() {
    }

    /** First 6 and last 4 characters of a token, or "…" for short values. */
    public static String abbreviate(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (value.length() <= 12) {
            return "…";
        }
        return value.substring(0, 6) + "…" + value.substring(value.length() - 4);
    }
}
