package io.sensuspush.store;

import java.net.URI;
import java.nio.file.Path;

/** Opens the store a {@code --store} value names. */
public final class Stores {
    /** The mailbox prefix the app uses. */
    public static final String DEFAULT_PREFIX = "push-notifications";

    private Stores() {
    }

    /**
     * Opens {@code s3://bucket[/prefix]} (prefix defaults to {@value #DEFAULT_PREFIX}) or a local directory
     * (holding {@code push-notifications/…}).
     *
     * @param s3Endpoint null for AWS itself; otherwise an S3-compatible endpoint, used with path-style access
     * @param s3Region   null for the default region chain
     */
    public static ObjectStore open(String spec, URI s3Endpoint, String s3Region) {
        if (spec.startsWith("s3://")) {
            String rest = spec.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? DEFAULT_PREFIX : rest.substring(slash + 1).replaceAll("/+$", "");
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("--store " + spec + ": no bucket name");
            }
            if (prefix.isEmpty()) {
                prefix = DEFAULT_PREFIX;
            }
            return S3ObjectStore.open(bucket, prefix, s3Endpoint, s3Region);
        }
        return new DirectoryObjectStore(Path.of(spec), DEFAULT_PREFIX);
    }
}
