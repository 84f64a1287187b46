package io.sensuspush.contract;


/** A request file as read from the mailbox: empty, valid, or broken. */
public sealed interface RequestFile {
    /** Key relative to the mailbox root, e.g. {@code requests/<backend-key>.json}. */
    String key();

    /** A zero-byte file: a request the app cancelled, or a broken upload. */
    record Empty(String key) implements RequestFile {
    }

    record Valid(String key, PushRequest request) implements RequestFile {
    }

    /** A file that breaks the contract; {@code reason} names the field. */
    record Invalid(String key, String reason) implements RequestFile {
    }
}
