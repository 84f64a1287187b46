package io.sensuspush.contract;

/**
 * A file that breaks the contract: names the file (its key) and, where one is to blame,
 * the field. Its message is meant for a person and carries no stack trace worth showing.
 */
public class ContractException extends RuntimeException {
    private final String file;
    private final String field;

    public ContractException(String file, String field, String problem) {
        super(describe(file, field, problem));
        this.file = file;
        this.field = field;
    }

    private static String describe(String file, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (field != null) {
            sb.append("field \"").append(field).append("\": ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** The offending field, or null when the file as a whole is wrong. */
    public String field() {
        return field;
    }
}
