package io.sensuspush.pass;

import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * The store's pass lock as held by one runner whose passes may overlap in this process (a full scan
 * and a due wake-up's pushes): the first taker takes the store lock, later takers share it, and the
 * last one out releases it. Other processes still see one holder.
 */
final class SharedPassLock {
    private static final Logger log = LoggerFactory.getLogger(SharedPassLock.class);

    private final ObjectStore store;
    private final String owner;
    private final Duration ttl;
    private StoreLock held;
    private int holders;
    private boolean lost;
    private Thread heartbeat;

    SharedPassLock(ObjectStore store, String owner, Duration ttl) {
        this.store = store;
        this.owner = owner;
        this.ttl = ttl;
    }

    /** A hold on the lock, or empty when another process has it. */
    synchronized Optional<StoreLock> acquire() {
        if (holders > 0 && lost) {
            return Optional.empty(); // the store lock was taken over: join no pass on it
        }
        if (holders == 0) {
            Optional<StoreLock> taken = store.tryLock(owner, ttl);
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            held = taken.get();
            lost = false;
            heartbeat = Thread.ofVirtual().name("sensus-push-lock-heartbeat").start(this::beat);
        }
        holders++;
        return Optional.of(new Hold());
    }

    private synchronized boolean renew() {
        if (held == null || lost) {
            return false;
        }
        try {
            lost = !held.renew();
        } catch (RuntimeException e) {
            log.warn("could not renew the pass lock: {}", e.getMessage());
            lost = true;
        }
        return !lost;
    }

    /** Renews every third of the time to live until released or lost. */
    private void beat() {
        Duration every = ttl.dividedBy(3);
        while (true) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return; // released
            }
            if (!beatOnce()) {
                return;
            }
        }
    }

    /** One renewal by the heartbeat; false when it should stop (released, or the lock is lost). */
    private synchronized boolean beatOnce() {
        if (heartbeat != Thread.currentThread()) {
            return false; // released meanwhile
        }
        if (!renew()) {
            log.warn("lost the pass lock on {}; the pass in progress will stop", store.describe());
            return false;
        }
        return true;
    }

    private synchronized void release() {
        if (--holders == 0) {
            heartbeat.interrupt();
            heartbeat = null;
            try {
                held.close();
            } catch (RuntimeException e) {
                // The pass's own outcome stands: the lease expires, or this runner takes it back next time.
                log.warn("could not release the pass lock: {}", e.getMessage());
            }
            held = null;
        }
    }

    /** One holder's view: renews the shared lock, and releases only its own share. */
    private final class Hold implements StoreLock {
        private boolean closed;

        @Override
        public boolean renew() {
            return SharedPassLock.this.renew();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }
    }
}
