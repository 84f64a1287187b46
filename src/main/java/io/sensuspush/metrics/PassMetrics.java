package io.sensuspush.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.pass.PassObserver;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.DeleteReason;
import io.sensuspush.plan.Plan;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes what passes do as Micrometer meters (scraped by Prometheus as {@code sensus_push_*}):
 * passes by outcome, pass duration, requests by state, pushes by gateway/platform/kind/outcome,
 * gateway latency, deletions by reason, rejected files, and when the last pass succeeded.
 */
public final class PassMetrics implements PassObserver {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter passesOk;
    private final Counter passesFailed;
    private final Timer passDuration;
    private final Counter rejected;
    private final Counter updateFilesDeleted;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong lastSuccessEpochMillis = new AtomicLong();

    public PassMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        passesOk = passes("ok");
        passesFailed = passes("failed");
        passDuration = Timer.builder("sensus.push.pass.duration").description("How long a pass took")
                .register(registry);
        rejected = Counter.builder("sensus.push.rejected.files")
                .description("Broken request files moved aside to rejected/").register(registry);
        updateFilesDeleted = Counter.builder("sensus.push.update.files.deleted")
                .description("Update files deleted because their device has no token").register(registry);
        for (DeleteReason r : DeleteReason.values()) {
            deletions(r); // registered up front so that dashboards see zeros, not gaps
        }
        requests("waiting", waiting);
        requests("due", due);
        requests("late", late);
        Gauge.builder("sensus.push.last.success.time", lastSuccessEpochMillis, v -> v.get() / 1000.0)
                .description("Unix time at which the last pass finished successfully (0: none yet)")
                .baseUnit("seconds").register(registry);
    }

    private Counter passes(String outcome) {
        return Counter.builder("sensus.push.passes").description("Passes over the mailbox")
                .tag("outcome", outcome).register(registry);
    }

    private Counter deletions(DeleteReason reason) {
        return Counter.builder("sensus.push.deletions").description("Request files deleted, by reason")
                .tag("reason", reason.label()).register(registry);
    }

    private void requests(String state, AtomicLong value) {
        Gauge.builder("sensus.push.requests", value, AtomicLong::get)
                .description("Current requests in the mailbox by state, as of the last plan")
                .tag("state", state).register(registry);
    }

    @Override
    public void planned(Plan plan) {
        RequestStates s = RequestStates.of(plan, clock.instant());
        waiting.set(s.waiting());
        due.set(s.due());
        late.set(s.late());
    }

    @Override
    public void delivered(String gateway, PushTarget target, boolean update, DeliveryResult result, Duration latency) {
        String platform = target.format().wire();
        Counter.builder("sensus.push.pushes").description("Pushes handed to the gateway, by outcome")
                .tag("gateway", gateway).tag("platform", platform).tag("kind", update ? "update" : "user")
                .tag("outcome", outcome(result)).register(registry).increment();
        Timer.builder("sensus.push.gateway.latency").description("How long the gateway took to answer one push")
                .tag("gateway", gateway).tag("platform", platform).register(registry).record(latency);
    }

    /** The outcome as a metric label. */
    public static String outcome(DeliveryResult result) {
        return switch (result) {
            case DeliveryResult.Delivered d -> "delivered";
            case DeliveryResult.RetryLater r -> "retry_later";
            case DeliveryResult.DeadToken r -> "dead_token";
            case DeliveryResult.BadMessage r -> "bad_message";
            case DeliveryResult.Refused r -> "refused";
        };
    }

    @Override
    public void passed(PassSummary summary) {
        passesOk.increment();
        passDuration.record(summary.duration());
        for (Map.Entry<DeleteReason, Integer> e : summary.deleted().entrySet()) {
            deletions(e.getKey()).increment(e.getValue());
        }
        rejected.increment(summary.rejected());
        updateFilesDeleted.increment(summary.updateFilesDeleted());
        lastSuccessEpochMillis.set(clock.millis());
    }

    @Override
    public void failed(Exception error) {
        passesFailed.increment();
    }
}
