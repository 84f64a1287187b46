package io.sensuspush.metrics;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.plan.Plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the current requests of a plan stand.
 *
 * @param waiting not due yet
 * @param due     user-facing requests due and still in the mailbox: pushed (or about to be) and not yet
 *                acknowledged by the app, which deletes the file when the push arrives
 * @param late    of the due ones, those whose {@code time} passed more than {@link #LATE_AFTER} ago: the
 *                notification should have reached the device by now and has not been acknowledged
 */
public record RequestStates(int waiting, int due, int late) {
    /** Grace after a request's time before an unacknowledged request counts as late. */
    public static final Duration LATE_AFTER = Duration.ofMinutes(10);

    public static RequestStates of(Plan plan, Instant now) {
        List<PushRequest> due = due(plan);
        int late = (int) due.stream().filter(r -> isLate(r, now)).count();
        return new RequestStates(plan.waiting().size(), due.size(), late);
    }

    /** Every due user-facing request of the plan, pushed this pass or held back by the re-push interval. */
    public static List<PushRequest> due(Plan plan) {
        List<PushRequest> due = new ArrayList<>(plan.userPushes().size() + plan.pacedRequests().size());
        plan.userPushes().forEach(p -> due.add(p.request()));
        due.addAll(plan.pacedRequests());
        return due;
    }

    public static boolean isLate(PushRequest r, Instant now) {
        return Instant.ofEpochSecond(r.time()).plus(LATE_AFTER).isBefore(now);
    }
}
