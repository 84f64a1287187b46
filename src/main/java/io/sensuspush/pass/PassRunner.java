package io.sensuspush.pass;

import io.sensuspush.contract.Notification;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.plan.DeleteReason;
import io.sensuspush.plan.PassInput;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.plan.Plan;
import io.sensuspush.plan.Planner;
import io.sensuspush.plan.PushHistory;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.MailboxSnapshot;
import io.sensuspush.store.StoreLock;
import io.sensuspush.util.Parallel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs backend passes over one study's mailbox: read, plan ({@link Planner}), then carry out the plan
 * in the order {@link Plan} documents, so that a pass cut short anywhere loses nothing.
 */
public final class PassRunner {
    private static final Logger log = LoggerFactory.getLogger(PassRunner.class);
    /** The pass lock is presumed dead when its holder has not renewed it for this long. */
    static final Duration LOCK_TTL = Duration.ofMinutes(5);

    /**
     * @param pushConcurrency at most this many pushes (and store reads) in flight
     * @param dryRun          plan and report, change nothing, push nothing
     */
    public record Options(PassSettings settings, int pushConcurrency, boolean dryRun) {
    }

    /** The outcome of {@link #runOnce}: the summary and the plan it carried out (empty when the lock was held elsewhere). */
    public record Result(PassSummary summary, Optional<Plan> plan) {
        public boolean skipped() {
            return plan.isEmpty();
        }
    }

    private final Mailbox mailbox;
    private final Gateway gateway;
    private final Clock clock;
    private final Options options;
    private final String owner = "sensus-push-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private volatile PushLedger ledger;
    /** Request files a due wake-up has tried since the last scan read the mailbox; the scans retry. */
    private final Set<String> dueAttempted = ConcurrentHashMap.newKeySet();
    /** Requests being pushed right now (by a full pass or a due wake-up of this runner). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final SharedPassLock passLock;
    /** What earlier passes read, so a pass of {@code serve} fetches only new and changed files. */
    private MailboxSnapshot snapshot;
    private volatile MailboxSnapshot.Stats lastRead;
    private Consumer<Plan> planListener = p -> { };
    private PassObserver observer = PassObserver.NONE;

    public PassRunner(Mailbox mailbox, Gateway gateway, Clock clock, Options options) {
        this.mailbox = mailbox;
        this.gateway = gateway;
        this.clock = clock;
        this.options = options;
        this.snapshot = new MailboxSnapshot(mailbox, DEFAULT_FULL_READ_EVERY);
        this.passLock = new SharedPassLock(mailbox.store(), owner, LOCK_TTL);
    }

    /** By default every 60th pass re-reads every file, not only new and changed ones. */
    public static final int DEFAULT_FULL_READ_EVERY = 60;

    /** Re-reads every file on the first pass and then every {@code passes}-th pass (1: always; no cache between passes). */
    public PassRunner fullReadEvery(int passes) {
        this.snapshot = new MailboxSnapshot(mailbox, passes);
        return this;
    }

    /** How the last pass read the mailbox (files listed, fetched, forgotten), or null before the first. */
    public MailboxSnapshot.Stats lastRead() {
        return lastRead;
    }

    /** Called with each plan before it is carried out (dry-run printing, tests). */
    public PassRunner onPlan(Consumer<Plan> listener) {
        this.planListener = listener;
        return this;
    }

    /** Reports every plan, push and pass outcome to {@code observer} (metrics, status page). */
    public PassRunner observedBy(PassObserver observer) {
        this.observer = observer;
        return this;
    }

    /**
     * One pass. Returns a skipped result when another process holds the store's pass lock.
     *
     * @throws io.sensuspush.store.StoreException when the store cannot be reached; what was done stays done,
     *                                            and the next pass finishes the rest
     */
    public Result runOnce() {
        long started = System.nanoTime();
        lastPlan = null;
        Optional<StoreLock> lock;
        try {
            lock = options.dryRun() ? Optional.empty() : passLock.acquire();
        } catch (RuntimeException e) {
            observer.failed(e); // the store is unreachable: a failed pass like any other
            throw e;
        }
        if (!options.dryRun() && lock.isEmpty()) {
            log.info("another pass holds the lock on {}; skipping this one", mailbox.store().describe());
            return new Result(emptySummary(clock.instant(), started), Optional.empty());
        }
        try {
            PassSummary summary = pass(started, lock.orElse(null));
            observer.passed(summary);
            return new Result(summary, Optional.ofNullable(lastPlan));
        } catch (RuntimeException e) {
            observer.failed(e);
            throw e;
        } finally {
            lock.ifPresent(StoreLock::close);
        }
    }

    private Plan lastPlan;

    private PassSummary pass(long started, StoreLock lock) {
        Instant now = clock.instant();
        if (ledger == null) {
            ledger = PushLedger.load(mailbox.store());
        }
        MailboxSnapshot.Read read = snapshot.refresh();
        dueAttempted.clear();
        lastRead = read.stats();
        List<RequestFile> requests = read.requests();
        Mailbox.Tokens tokens = read.tokens();
        tokens.invalid().forEach((key, reason) -> log.warn("token file {}", reason));
        Map<String, List<String>> updateFiles = mailbox.listUpdateFiles();

        Plan plan = Planner.plan(new PassInput(requests, tokens.byDevice(), updateFiles, now, options.settings(), ledger));
        lastPlan = plan;
        planListener.accept(plan);
        observer.planned(plan);
        Counts c = new Counts();
        if (options.dryRun()) {
            return c.summary(now, plan, started);
        }

        for (Plan.Rejection r : plan.rejections()) {
            log.warn("rejecting {}", r.reason());
            mailbox.reject(r.key(), r.reason(), now);
            c.rejected.incrementAndGet();
        }
        // A broken token file counts as no token (planned above); keep it for people to see, out of the app's way.
        tokens.invalid().forEach((key, reason) -> {
            if (mailbox.rejectToken(key, reason, now)) {
                log.warn("rejected token file {}", reason);
                c.rejected.incrementAndGet();
            }
        });
        // Obsolete twins go first: once they are gone no older file can become current again.
        delete(plan.firstDeletions(), c);
        renew(lock);
        // An update request is deleted only after its entry is stored; the packed requests of all stored
        // files are deleted together (a few large batch deletes rather than one call per device).
        List<String> packed = new ArrayList<>();
        try {
            Parallel.map(plan.newUpdateFiles(), options.pushConcurrency(), f -> {
                String key = mailbox.writeUpdates(f.device(), f.entries());
                log.debug("wrote {} ({} updates)", key, f.entries().size());
                synchronized (packed) {
                    packed.addAll(f.packedRequestKeys());
                }
                return key;
            });
        } finally {
            if (!packed.isEmpty()) {
                mailbox.store().delete(packed);
                c.packed.addAndGet(packed.size());
                c.deleted(DeleteReason.PACKED, packed.size());
            }
        }
        delete(plan.laterDeletions(), c);
        renew(lock);

        pushUserFacing(plan.userPushes(), now, c, false);
        Parallel.map(plan.updatePushes(), options.pushConcurrency(), p -> {
            PushTarget target = new PushTarget(p.device(), p.token().format(), p.token().token(),
                    now.plusSeconds(PassSettings.EXPIRY_SECONDS));
            DeliveryResult result = deliver(target, Notification.forUpdates(p.token(), UUID.randomUUID().toString()));
            if (paces(result)) {
                ledger.record(PushHistory.updatesKey(p.device()), now);
            }
            if (c.count(result, target, "updates of device " + p.device(), ledger, now)) {
                c.updateNotifications.incrementAndGet();
            }
            return result;
        });
        List<String> updateFilesOfTokenless = plan.updateFileDeletions().stream()
                .flatMap(d -> d.keys().stream()).toList();
        if (!updateFilesOfTokenless.isEmpty()) {
            mailbox.store().delete(updateFilesOfTokenless);
            c.updateFilesDeleted.addAndGet(updateFilesOfTokenless.size());
        }

        // Keep the push history to what can still be re-pushed.
        Set<String> live = new HashSet<>();
        for (RequestFile f : requests) {
            if (f instanceof RequestFile.Valid v) {
                live.add(PushHistory.requestKey(v.request().backendKey()));
            }
        }
        updateFiles.keySet().forEach(d -> live.add(PushHistory.updatesKey(d)));
        plan.newUpdateFiles().forEach(f -> live.add(PushHistory.updatesKey(f.device())));
        ledger.retainOnly(live, tokens.byDevice());
        renew(lock);
        ledger.save(mailbox.store());
        return c.summary(now, plan, started);
    }

    /**
     * Whether this outcome starts the re-push interval: a delivery, and also a refusal that retrying soon
     * cannot fix (a malformed message, our credentials refused), so such pushes are not hammered every pass.
     * A temporary failure does not: the next pass tries again.
     */
    private static boolean paces(DeliveryResult result) {
        return result instanceof DeliveryResult.Delivered || result instanceof DeliveryResult.BadMessage
                || result instanceof DeliveryResult.Refused;
    }

    /**
     * Pushes user-facing notifications; a request whose backend key the app cannot acknowledge is deleted
     * once delivered. With {@code confirmFirst}, each request file is first checked to still exist (the
     * snapshot may be older than the app's acknowledgement).
     */
    private void pushUserFacing(List<Plan.UserPush> pushes, Instant now, Counts c, boolean confirmFirst) {
        List<String> acknowledgeable = new ArrayList<>();
        Parallel.map(pushes, options.pushConcurrency(), p -> {
            // A full pass and a due wake-up may overlap: never push the same request twice at once, nor again
            // if the other pushed it since this plan was made.
            if (!inFlight.add(p.key())) {
                return null;
            }
            try {
                return pushOne(p, now, c, confirmFirst, acknowledgeable);
            } finally {
                inFlight.remove(p.key());
            }
        });
        if (!acknowledgeable.isEmpty()) {
            mailbox.store().delete(acknowledgeable);
            c.deleted(DeleteReason.UNACKNOWLEDGEABLE, acknowledgeable.size());
        }
    }

    /**
     * Whether the request file is still there with the content the plan saw: the app acknowledges by
     * deleting it and cancels by emptying it, either of which may have happened since the snapshot.
     */
    private boolean stillAsPlanned(Plan.UserPush p) {
        return mailbox.readRequest(p.key())
                .map(f -> f instanceof RequestFile.Valid v && v.request().equals(p.request()))
                .orElse(false);
    }

    private DeliveryResult pushOne(Plan.UserPush p, Instant now, Counts c, boolean confirmFirst,
                                   List<String> acknowledgeable) {
        Instant last = ledger.lastPushed(PushHistory.requestKey(p.request().backendKey()));
        if (last != null && last.plus(options.settings().repushInterval()).isAfter(now)
                && !options.settings().repushInterval().isZero()) {
            return null; // pushed meanwhile by an overlapping pass
        }
        if (confirmFirst && !stillAsPlanned(p)) {
            snapshot.forget(p.key());
            return null;
        }
        {
            PushRequest r = p.request();
            PushTarget target = new PushTarget(r.device(), r.format(), p.token().token(),
                    Instant.ofEpochSecond(r.time() + PassSettings.EXPIRY_SECONDS));
            DeliveryResult result = deliver(target, Notification.forRequest(r));
            if (paces(result)) {
                ledger.record(PushHistory.requestKey(r.backendKey()), now);
            }
            if (c.count(result, target, "request " + p.key(), ledger, now)) {
                c.pushed.incrementAndGet();
                if (p.deleteAfterPush()) {
                    synchronized (acknowledgeable) {
                        acknowledgeable.add(p.key());
                    }
                }
            }
            return result;
        }
    }

    /**
     * Pushes what has fallen due since the last pass, planning from the snapshot without listing the
     * mailbox: {@code serve}'s wake-ups at a request's due time, which must be quick however large the
     * study. Only user-facing notifications are pushed, each confirmed present with one read first;
     * packing, deletions and update notifications wait for the next full pass ({@link #runOnce}), which
     * this falls back to when there is no snapshot yet.
     */
    public Result pushDue() {
        long started = System.nanoTime();
        if (!snapshot.isFilled() || ledger == null || options.dryRun()) {
            return new Result(emptySummary(clock.instant(), started), Optional.empty());
        }
        Optional<StoreLock> lock;
        try {
            lock = passLock.acquire(); // shared with a full pass of this runner that may be in progress
        } catch (RuntimeException e) {
            observer.failed(e);
            throw e;
        }
        if (lock.isEmpty()) {
            return new Result(emptySummary(clock.instant(), started), Optional.empty());
        }
        try {
            Instant now = clock.instant();
            DuePlan due = planDue(snapshot.dueIndex(), now);
            Plan plan = due.plan();
            Counts c = new Counts();
            renew(lock.get());
            pushUserFacing(plan.userPushes(), now, c, true);
            plan = due.withNextDue(plan);
            renew(lock.get());
            ledger.save(mailbox.store());
            PassSummary summary = c.summary(now, plan, started);
            observer.pushedDue(summary); // not a full pass: readiness and pass counts come from scans
            return new Result(summary, Optional.of(plan));
        } catch (RuntimeException e) {
            observer.failed(e);
            throw e;
        } finally {
            lock.get().close();
        }
    }

    /** A plan over just the requests that may have fallen due, and when the next one falls due. */
    private record DuePlan(Plan plan, OptionalLong nextDue) {
        Plan withNextDue(Plan p) {
            return new Plan(p.rejections(), p.firstDeletions(), p.newUpdateFiles(), p.laterDeletions(), p.userPushes(),
                    p.updatePushes(), p.updateFileDeletions(), p.waiting(), p.pacedPushes(), nextDue,
                    p.heldForDeadTokens(), p.pacedRequests());
        }
    }

    /**
     * Finds the user-facing requests due by {@code now} that may be pushed: not paced, not expired, not
     * found gone, not already tried since the last scan, and the only file of their id (twins wait for the
     * scan, which deletes obsolete files before anything consumes the current one). Costs a walk over what
     * is due, not a plan of the whole mailbox.
     */
    private DuePlan planDue(MailboxSnapshot.DueIndex index, Instant now) {
        long nowSecond = now.getEpochSecond();
        long lead = options.settings().lead().toSeconds();
        Duration repush = options.settings().repushInterval();
        Set<String> ids = new LinkedHashSet<>();
        OptionalLong next = OptionalLong.empty();
        for (RequestFile.Valid v : index.byTime()) {
            PushRequest r = v.request();
            long until = r.time() - (nowSecond + lead);
            if (until > 0) {
                next = OptionalLong.of(r.time() - lead);
                break;
            }
            if (r.isUpdate() || until <= -PassSettings.EXPIRY_SECONDS || snapshot.isGone(v.key())
                    || !dueAttempted.add(v.key())) {
                continue; // updates, expiry and retries are the scans' work; each file at most once between scans
            }
            if (index.byId().getOrDefault(r.id(), List.of()).size() > 1) {
                continue; // an id with several files: the scan deletes the obsolete ones before anything is pushed
            }
            Instant last = ledger.lastPushed(PushHistory.requestKey(r.backendKey()));
            if (last != null && !repush.isZero() && last.plus(repush).isAfter(now)) {
                continue; // paced: the scans take care of re-pushes
            }
            ids.add(r.id());
        }
        List<RequestFile> subset = new ArrayList<>();
        for (String id : ids) {
            subset.addAll(index.byId().get(id));
        }
        Plan plan = Planner.plan(new PassInput(subset, index.tokens().byDevice(), Map.of(), now, options.settings(), ledger));
        return new DuePlan(plan, next);
    }

    private DeliveryResult deliver(PushTarget target, Notification n) {
        long t0 = System.nanoTime();
        DeliveryResult result = gateway.deliver(target, n);
        observer.delivered(gateway.name(), target, n.update(), result, Duration.ofNanos(System.nanoTime() - t0));
        return result;
    }

    private void delete(List<Plan.Deletion> deletions, Counts c) {
        if (deletions.isEmpty()) {
            return;
        }
        mailbox.store().delete(deletions.stream().map(Plan.Deletion::key).toList());
        deletions.forEach(d -> c.deleted(d.reason(), 1));
    }

    private void renew(StoreLock lock) {
        if (lock != null && !lock.renew()) {
            throw new IllegalStateException("lost the pass lock on " + mailbox.store().describe()
                    + " (another process took it over); stopping this pass");
        }
    }

    private PassSummary emptySummary(Instant now, long started) {
        return new Counts().summary(now, null, started);
    }

    /** Thread-safe tallies of one pass. */
    private static final class Counts {
        final AtomicInteger pushed = new AtomicInteger();
        final AtomicInteger updateNotifications = new AtomicInteger();
        final AtomicInteger packed = new AtomicInteger();
        final AtomicInteger updateFilesDeleted = new AtomicInteger();
        final AtomicInteger retryLater = new AtomicInteger();
        final AtomicInteger deadTokens = new AtomicInteger();
        final AtomicInteger badMessages = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final Map<DeleteReason, Integer> deleted = PassSummary.emptyCounts();

        synchronized void deleted(DeleteReason reason, int n) {
            deleted.merge(reason, n, Integer::sum);
        }

        /** Tallies a delivery outcome; true when delivered. */
        boolean count(DeliveryResult result, PushTarget target, String what, PushLedger ledger, Instant now) {
            switch (result) {
                case DeliveryResult.Delivered d -> {
                    return true;
                }
                case DeliveryResult.RetryLater r -> {
                    retryLater.incrementAndGet();
                    log.info("push for {} to {} will be retried: {}", what, target, r.reason());
                }
                case DeliveryResult.DeadToken r -> {
                    deadTokens.incrementAndGet();
                    ledger.markDead(target.device(), target.token(), r.reason(), now);
                    log.warn("push for {} to {}: token is dead, holding pushes to it until the app registers "
                            + "a new one: {}", what, target, r.reason());
                }
                case DeliveryResult.BadMessage r -> {
                    badMessages.incrementAndGet();
                    log.warn("push for {} to {} refused as malformed: {}", what, target, r.reason());
                }
                case DeliveryResult.Refused r -> {
                    refused.incrementAndGet();
                    log.error("push for {} to {} refused: {}", what, target, r.reason());
                }
            }
            return false;
        }

        synchronized PassSummary summary(Instant now, Plan plan, long started) {
            return new PassSummary(now, pushed.get(), updateNotifications.get(), packed.get(),
                    Map.copyOf(deleted), updateFilesDeleted.get(),
                    plan == null ? 0 : plan.waiting().size(), plan == null ? 0 : plan.pacedPushes(),
                    retryLater.get(), deadTokens.get(), badMessages.get(), refused.get(), rejected.get(),
                    Duration.ofNanos(System.nanoTime() - started), plan == null ? 0 : plan.heldForDeadTokens());
        }
    }
}
