package io.sensuspush.store;

/** The store could not be reached or refused an operation; the message names the store and key. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
