package io.sensuspush.daemon;

import io.sensuspush.pass.PassRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code serve}: passes continuously, in two loops over one {@link PassRunner}.
 * <ul>
 *   <li>The scan loop makes a full pass every {@code interval}: lists the mailbox, reads what changed,
 *       plans and carries out the plan. A failed pass (store unreachable) is logged and retried on the
 *       next tick; the daemon keeps going.</li>
 *   <li>The due loop sleeps until the soonest waiting request falls due ({@code time - lead}) and pushes
 *       what is due from what the last scan read ({@link PassRunner#pushDue}), without listing, so a
 *       notification goes out on time even while a long scan of a large mailbox is under way.</li>
 * </ul>
 */
public final class Daemon implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final PassRunner runner;
    private final Clock clock;
    private final Duration interval;
    private final Waiter scanWaiter;
    private final Waiter dueWaiter;
    private final Consumer<PassRunner.Result> afterPass;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** When the due loop should next wake, from the latest plan; null when nothing is waiting. */
    private volatile Instant nextDue;
    /** Counts scans that offered a next due time (written by the scan loop only). */
    private volatile long scans;

    public Daemon(PassRunner runner, Clock clock, Duration interval, Consumer<PassRunner.Result> afterPass) {
        this.runner = runner;
        this.clock = clock;
        this.interval = interval;
        this.scanWaiter = new Waiter(clock);
        this.dueWaiter = new Waiter(clock);
        this.afterPass = afterPass;
    }

    @Override
    public void run() {
        Thread due = Thread.ofPlatform().name("sensus-push-due").daemon().start(this::dueLoop);
        try {
            scanLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopping = true;
            dueWaiter.wake();
            try {
                due.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }
    }

    private void scanLoop() throws InterruptedException {
        while (!stopping) {
            Instant nextScan = clock.instant().plus(interval);
            try {
                PassRunner.Result result = runner.runOnce();
                afterPass.accept(result);
                offer(result, true);
            } catch (RuntimeException e) {
                log.error("pass failed, retrying in {}: {}", interval, e.getMessage());
                nextDue = null; // no due wake-ups on a snapshot the scans can no longer refresh
                scans++;
            }
            if (!stopping) {
                scanWaiter.waitUntil(nextScan);
            }
        }
    }

    private void dueLoop() {
        try {
            while (!stopping) {
                Instant due = nextDue;
                boolean woken = dueWaiter.waitUntil(due == null ? clock.instant().plus(interval) : due);
                if (stopping) {
                    return;
                }
                if (woken || due == null || clock.instant().isBefore(due)) {
                    continue; // a newer plan changed the time, or nothing is waiting: look again
                }
                long scansBefore = scans;
                try {
                    PassRunner.Result result = runner.pushDue();
                    if (!result.skipped()) {
                        afterPass.accept(result);
                    }
                    if (scans == scansBefore) { // a scan that finished meanwhile knows better
                        offer(result, false);
                    }
                } catch (RuntimeException e) {
                    log.error("pushing due notifications failed; the next scan retries: {}", e.getMessage());
                    if (scans == scansBefore) {
                        nextDue = null;
                    }
                } catch (Error e) {
                    log.error("due wake-ups stopped by an internal error; scans go on", e);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the next due time from a pass's plan, and tells the due loop when it comes from a scan. */
    private void offer(PassRunner.Result result, boolean fromScan) {
        if (result.plan().isEmpty()) {
            if (!fromScan) {
                nextDue = null; // skipped (no snapshot yet, or the lock is elsewhere): wait for the next scan
            }
            return;
        }
        var next = result.plan().get().nextDueEpochSecond();
        nextDue = next.isPresent() ? Instant.ofEpochSecond(next.getAsLong()) : null;
        if (fromScan) {
            scans++;
            dueWaiter.wake();
        }
    }

    /** Asks the daemon to stop after the pass in progress, and waits up to {@code timeout} for it. */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        scanWaiter.wake();
        dueWaiter.wake();
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a full pass now instead of at the next tick (e.g. when new work is known to be there). */
    public void passNow() {
        scanWaiter.wake();
    }
}
