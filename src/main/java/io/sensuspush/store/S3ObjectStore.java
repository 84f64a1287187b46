package io.sensuspush.store;

import java.net.URI;

/** The mailbox in an S3 bucket (or an S3-compatible store) under a prefix. TODO: implement. */
public final class S3ObjectStore {
    public static ObjectStore open(String bucket, String prefix, URI endpoint, String region) {
        throw new UnsupportedOperationException("S3 store not implemented yet");
    }
}
