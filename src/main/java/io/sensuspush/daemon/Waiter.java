package io.sensuspush.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Waits until an instant of a {@link Clock}, or until woken (shutdown, or new work announced). */
public final class Waiter {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;

    public Waiter(Clock clock) {
        this.clock = clock;
    }

    /** Returns when {@code until} is reached or {@link #wake()} was called; true if woken. */
    public boolean waitUntil(Instant until) throws InterruptedException {
        lock.lock();
        try {
            while (!woken) {
                Duration left = Duration.between(clock.instant(), until);
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                changed.await(left.toNanos(), TimeUnit.NANOSECONDS);
            }
            woken = false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
