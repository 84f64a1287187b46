package io.sensuspush.contract;

/**
 * Checks ids that become parts of object keys or file names (device ids, backend keys):
 * nothing that could step outside the mailbox or into another device's folder.
 */
public final class Ids {
    /** No real id comes close: GUIDs are 36 characters. */
    public static final int MAX_LENGTH = 200;

    private Ids() {
    }

    /** Null when the value is safe as one key segment, otherwise why not. */
    public static String problemWithSegment(String value) {
        if (value == null || value.isEmpty()) {
            return "is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (value.equals(".") || value.equals("..") || value.contains("..")) {
            return "contains \"..\"";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains a path separator";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        return null;
    }

    /** Throws a {@link ContractException} naming the field when the value is unsafe as a key segment. */
    public static String requireSafeSegment(String file, String field, String value) {
        String problem = problemWithSegment(value);
        if (problem != null) {
            throw new ContractException(file, field, problem);
        }
        return value;
    }
}
