package io.sensuspush.pass;

import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.plan.Plan;

import java.time.Duration;

/**
 * Hears what passes do, for metrics and the status page. Called from the pass's threads; implementations
 * must be thread-safe and quick.
 */
public interface PassObserver {
    PassObserver NONE = new PassObserver() {
    };

    /** A plan was made (before it is carried out). */
    default void planned(Plan plan) {
    }

    /** One push went to the gateway and came back with {@code result} after {@code latency}. */
    default void delivered(String gateway, PushTarget target, boolean update, DeliveryResult result, Duration latency) {
    }

    /** A pass finished. */
    default void passed(PassSummary summary) {
    }

    /**
     * A due wake-up pushed what fell due between full passes ({@link PassRunner#pushDue}). Its pushes were
     * reported through {@link #delivered}; it is not a pass (it reads nothing new, deletes nothing).
     */
    default void pushedDue(PassSummary summary) {
    }

    /** A pass failed (store unreachable, lock lost, …). */
    default void failed(Exception error) {
    }
}
