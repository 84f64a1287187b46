package io.sensuspush.admin;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.Redaction;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.metrics.PassMetrics;
import io.sensuspush.metrics.RequestStates;
import io.sensuspush.pass.PassObserver;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.Plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remembers what recent passes did, for the status page and {@code /api/status}: the last passes, the
 * latest plan (pending and late requests), pushes per minute, failing pushes, dead-token devices and
 * rejected files. Bounded: old entries fall off. Thread-safe (the pass reports from many threads).
 */
public final class StatusRecorder implements PassObserver {
    static final int PASSES_KEPT = 20;
    static final int FAILURES_KEPT = 100;
    static final int LATE_SHOWN = 100;
    static final int REJECTED_KEPT = 100;
    static final int DEAD_TOKENS_KEPT = 1000;
    static final Duration PUSH_HISTORY = Duration.ofHours(3);
    /** Ready while the last successful pass is at most this many scan intervals old. */
    static final int READY_INTERVALS = 3;

    /** Whether the service should take traffic (Kubernetes readiness), and why not. */
    public record Readiness(boolean ready, String reason) {
    }

    private final Clock clock;
    private final String gateway;
    private final String store;
    private final Duration interval;
    private final Duration lead;
    private final Instant startedAt;

    private final Deque<Status.Pass> passes = new ArrayDeque<>();
    private final TreeMap<Long, int[]> perMinute = new TreeMap<>(); // epoch minute -> {delivered, failed}
    private final Deque<Status.Failure> failures = new ArrayDeque<>();
    private final Map<String, Status.DeadTokenDevice> deadTokens = new LinkedHashMap<>();
    private final Deque<Status.RejectedFile> rejectedFiles = new ArrayDeque<>();
    private Plan latestPlan;
    private Instant lastSuccess;
    private long passCount;
    private long failedPasses;
    private long pushed;
    private long updateNotifications;
    private long pushFailures;
    private long deadTokenPushes;
    private long rejectedTotal;

    public StatusRecorder(Clock clock, String gateway, String store, Duration interval, Duration lead) {
        this.clock = clock;
        this.gateway = gateway;
        this.store = store;
        this.interval = interval;
        this.lead = lead;
        this.startedAt = clock.instant();
    }

    @Override
    public synchronized void planned(Plan plan) {
        latestPlan = plan;
        Instant now = clock.instant();
        for (Plan.Rejection r : plan.rejections()) {
            // The reason names the file already; the page shows the file in its own column.
            String reason = r.reason().startsWith(r.key() + ": ") ? r.reason().substring(r.key().length() + 2) : r.reason();
            addBounded(rejectedFiles, new Status.RejectedFile(r.key(), reason, now.toString()), REJECTED_KEPT);
        }
    }

    @Override
    public synchronized void delivered(String gatewayName, PushTarget target, boolean update, DeliveryResult result,
                                       Duration latency) {
        Instant now = clock.instant();
        int[] minute = perMinute.computeIfAbsent(now.getEpochSecond() / 60, m -> new int[2]);
        if (result.delivered()) {
            minute[0]++;
            // A device that registered a new token is alive again.
            deadTokens.remove(target.device());
            return;
        }
        minute[1]++;
        String platform = target.format().wire();
        switch (result) {
            case DeliveryResult.DeadToken d -> {
                deadTokenPushes++;
                deadTokens.remove(target.device());
                deadTokens.put(target.device(), new Status.DeadTokenDevice(target.device(), platform,
                        Redaction.abbreviate(target.token()), d.reason(), now.toString()));
                if (deadTokens.size() > DEAD_TOKENS_KEPT) {
                    deadTokens.remove(deadTokens.keySet().iterator().next());
                }
            }
            default -> {
                pushFailures++;
                addBounded(failures, new Status.Failure(now.toString(), target.device(), platform,
                        update ? "update" : "user", PassMetrics.outcome(result), reason(result)), FAILURES_KEPT);
            }
        }
        perMinute.headMap(now.minus(PUSH_HISTORY).getEpochSecond() / 60).clear();
    }

    private static String reason(DeliveryResult result) {
        return switch (result) {
            case DeliveryResult.Delivered d -> "";
            case DeliveryResult.RetryLater r -> r.reason();
            case DeliveryResult.DeadToken r -> r.reason();
            case DeliveryResult.BadMessage r -> r.reason();
            case DeliveryResult.Refused r -> r.reason();
        };
    }

    @Override
    public synchronized void passed(PassSummary s) {
        passCount++;
        pushed += s.pushed();
        updateNotifications += s.updateNotifications();
        rejectedTotal += s.rejected();
        lastSuccess = clock.instant();
        addBounded(passes, new Status.Pass(s.now().toString(), s.duration().toMillis(), true, s.pushed(),
                s.updateNotifications(), s.packed(), s.deletedTotal(), s.waiting(), s.paced(), s.failed(),
                s.rejected(), null), PASSES_KEPT);
    }

    @Override
    public synchronized void failed(Exception error) {
        passCount++;
        failedPasses++;
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        addBounded(passes, new Status.Pass(clock.instant().toString(), 0, false, 0, 0, 0, 0, 0, 0, 0, 0, message),
                PASSES_KEPT);
    }

    /** Ready when a pass succeeded within the last {@value #READY_INTERVALS} scan intervals. */
    public synchronized Readiness readiness() {
        if (lastSuccess == null) {
            return new Readiness(false, "no pass has succeeded yet");
        }
        Instant deadline = lastSuccess.plus(interval.multipliedBy(READY_INTERVALS));
        if (clock.instant().isAfter(deadline)) {
            return new Readiness(false, "no pass has succeeded since " + lastSuccess
                    + " (the store may be unreachable)");
        }
        return new Readiness(true, "last pass succeeded at " + lastSuccess);
    }

    /** A snapshot for people. */
    public synchronized Status snapshot() {
        Instant now = clock.instant();
        List<PushRequest> waiting = latestPlan == null ? List.of() : latestPlan.waiting();
        RequestStates states = latestPlan == null ? new RequestStates(0, 0, 0) : RequestStates.of(latestPlan, now);

        // Pending: bucket i holds requests due in [now + i h, now + (i+1) h); due = time - lead.
        Instant hourStart = now.truncatedTo(ChronoUnit.SECONDS);
        int[] hours = new int[24];
        int next24 = 0;
        for (PushRequest r : waiting) {
            long secondsAhead = r.time() - lead.toSeconds() - hourStart.getEpochSecond();
            int bucket = (int) Math.max(0, secondsAhead / 3600);
            if (bucket < 24) {
                hours[bucket]++;
                next24++;
            }
        }
        List<Status.PendingHour> pending = new ArrayList<>(24);
        for (int i = 0; i < 24; i++) {
            pending.add(new Status.PendingHour(hourStart.plusSeconds(i * 3600L).toString(), hours[i]));
        }

        long thisMinute = now.getEpochSecond() / 60;
        long minutes = PUSH_HISTORY.toMinutes();
        List<Status.MinuteCount> perMinuteList = new ArrayList<>((int) minutes);
        for (long m = thisMinute - minutes + 1; m <= thisMinute; m++) {
            int[] c = perMinute.getOrDefault(m, new int[2]);
            perMinuteList.add(new Status.MinuteCount(Instant.ofEpochSecond(m * 60).toString(), c[0], c[1]));
        }

        List<Status.Late> late = new ArrayList<>();
        if (latestPlan != null) {
            RequestStates.due(latestPlan).stream()
                    .filter(r -> RequestStates.isLate(r, now))
                    .sorted(Comparator.comparingLong(PushRequest::time))
                    .limit(LATE_SHOWN)
                    .forEach(r -> late.add(new Status.Late(r.backendKey(), r.device(), r.format().wire(),
                            Instant.ofEpochSecond(r.time()).toString(),
                            Duration.between(Instant.ofEpochSecond(r.time()), now).toMinutes())));
        }

        List<Status.DeadTokenDevice> dead = new ArrayList<>(deadTokens.values());
        java.util.Collections.reverse(dead);
        return new Status(now.toString(), startedAt.toString(), gateway, store, interval.toSeconds(),
                lead.toSeconds(), readiness().ready(), lastSuccess == null ? null : lastSuccess.toString(),
                new Status.Totals(passCount, failedPasses, pushed, updateNotifications, pushFailures,
                        deadTokenPushes, rejectedTotal),
                new Status.Requests(states.waiting(), states.due(), states.late(), next24),
                List.copyOf(passes), pending, perMinuteList, late, List.copyOf(failures), dead,
                new Status.Rejected(rejectedTotal, List.copyOf(rejectedFiles)));
    }

    /** Adds {@code item} first, dropping the oldest beyond {@code max}. */
    private static <T> void addBounded(Deque<T> deque, T item, int max) {
        deque.addFirst(item);
        while (deque.size() > max) {
            deque.removeLast();
        }
    }
}
