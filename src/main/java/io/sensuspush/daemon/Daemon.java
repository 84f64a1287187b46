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
 * {@code serve}: passes continuously. Every {@code interval} it makes a full pass (lists the mailbox,
 * reads what changed, plans, carries out the plan). Between scans it sleeps until the soonest waiting
 * request falls due and then only pushes what is due, from what the last scan read
 * ({@link PassRunner#pushDue}), so a notification is pushed at {@code time - lead} without listing a
 * large mailbox first. A failed pass (store unreachable) is logged and retried on the next tick; the
 * daemon keeps going.
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
            Instant nextScan = clock.instant();
            boolean scan = true;
            while (!stopping) {
                Instant next;
                try {
                    PassRunner.Result result;
                    if (scan) {
                        nextScan = clock.instant().plus(interval);
                        result = runner.runOnce();
                    } else {
                        // Woken for a due time between scans: push from what the last scan read.
                        result = runner.pushDue();
                    }
                    afterPass.accept(result);
                    next = nextScan;
                    if (result.plan().isPresent() && result.plan().get().nextDueEpochSecond().isPresent()) {
                        Instant due = Instant.ofEpochSecond(result.plan().get().nextDueEpochSecond().getAsLong());
                        if (due.isBefore(next)) {
                            next = due;
                        }
                    }
                } catch (RuntimeException e) {
                    log.error("pass failed, retrying in {}: {}", interval, e.getMessage());
                    nextScan = clock.instant().plus(interval);
                    next = nextScan;
                }
                if (stopping) {
                    break;
                }
                boolean woken = waiter.waitUntil(next);
                scan = woken || !clock.instant().isBefore(nextScan);
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
