package io.sensuspush.cli;

import io.sensuspush.contract.ContractException;
import io.sensuspush.store.StoreException;

/** Turns exceptions into one-line messages for people. */
final class UserErrors {
    /** Exit code for "could not do the work" (store unreachable, bad input files). */
    static final int FAILED = 1;

    private UserErrors() {
    }

    static String describe(Throwable ex) {
        if (ex instanceof ContractException || ex instanceof StoreException || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException) {
            return ex.getMessage();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static int exitCode(Throwable ex) {
        return FAILED;
    }
}
