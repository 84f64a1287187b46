package io.sensuspush.store;

/** A held pass lock; see {@link ObjectStore#tryLock}. */
public interface StoreLock extends AutoCloseable {
    /** Extends the lease; false when the lock was lost (taken over after expiry). */
    boolean renew();

    /** Releases the lock. */
    @Override
    void close();
}
