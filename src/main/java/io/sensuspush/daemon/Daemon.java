package io.sensuspush.daemon;

import io.sensuspush.pass.PassRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code serve}: passes continuously. After each pass it sleeps until the next scan tick
 * ({@code interval}) or until the soonest waiting request falls due, whichever comes first, so a
 * notification is pushed at {@code time - lead} rather than on the next tick. A failed pass (store
 * unreachable) is logged and retried on the next tick; the daemon keeps going.
 */
public final class Daemon implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final PassRunner runner;
    private final Clock clock;
    private final Duration interval;
    private final Waiter waiter;
    private final Consumer<PassRunner.Result> afterPass;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    public Daemon(PassRunner runner, Clock clock, Duration interval, Consumer<PassRunner.Result> afterPass) {
        this.runner = runner;
        this.clock = clock;
        this.interval = interval;
        this.waiter = new Waiter(clock);
        this.afterPass = afterPass;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                Instant started = clock.instant();
                Instant next = started.plus(interval);
                try {
                    PassRunner.Result result = runner.runOnce();
                    afterPass.accept(result);
                    if (result.plan().isPresent() && result.plan().get().nextDueEpochSecond().isPresent()) {
                        Instant due = Instant.ofEpochSecond(result.plan().get().nextDueEpochSecond().getAsLong());
                        if (due.isBefore(next)) {
                            next = due;
                        }
                    }
                } catch (RuntimeException e) {
                    log.error("pass failed, retrying in {}: {}", interval, e.getMessage());
                }
                if (!stopping) {
                    waiter.waitUntil(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** Asks the daemon to stop after the pass in progress, and waits up to {@code timeout} for it. */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        waiter.wake();
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Starts a new pass now instead of at the next tick (e.g. when new work is known to be there). */
    public void passNow() {
        waiter.wake();
    }
}
