package io.sensuspush.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The raw key-value store behind a mailbox: an S3 bucket under a prefix, or a local directory.
 * Keys are relative to the mailbox root ({@code push-notifications/} by default), use {@code /}
 * as separator, and never begin with {@code /}. Implementations are thread-safe; every method may
 * throw {@link StoreException} when the store cannot be reached.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where this store is, for people: {@code s3://bucket/prefix} or a directory path. */
    String describe();

    /** Every object whose key starts with {@code prefix} (e.g. {@code "requests/"}), in key order. Never lists folders. */
    List<StoredObject> list(String prefix);

    /** The object's content, or empty when it does not exist (any more). */
    Optional<byte[]> get(String key);

    /** Creates or replaces an object. The write is atomic: readers see the old or the new content, never a part. */
    void put(String key, byte[] content);

    /** Deletes objects; keys that do not exist are not an error. */
    void delete(Collection<String> keys);

    /**
     * Takes the store-wide pass lock if no live holder has it, so that one pass never runs twice at
     * once on the same store, across processes. A holder that stopped renewing for {@code ttl} is
     * presumed dead and its lock may be taken over. The same {@code owner} may take back its own lock at once
     * (its previous pass ended without being able to release it).
     */
    Optional<StoreLock> tryLock(String owner, java.time.Duration ttl);

    @Override
    void close();
}
