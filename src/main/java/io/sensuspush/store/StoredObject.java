package io.sensuspush.store;

import java.time.Instant;

/**
 * One object in the mailbox, as a listing shows it.
 *
 * @param key          relative to the mailbox root, e.g. {@code requests/<uuid>.json}
 * @param size         bytes
 * @param version      changes whenever the content may have changed (S3 ETag; size and mtime for a directory)
 * @param lastModified as the store reports it
 */
public record StoredObject(String key, long size, String version, Instant lastModified) {
}
