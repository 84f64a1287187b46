package io.sensuspush.gateway;

import io.sensuspush.contract.Notification;

/**
 * Delivers notifications to devices through one push service (or several, routed by format).
 * Implementations are thread-safe: a pass calls {@link #deliver} from many threads at once.
 * They never throw for a delivery failure; they return the matching {@link DeliveryResult}.
 */
public interface Gateway extends AutoCloseable {

    /** Short name for summaries and metrics: {@code azure}, {@code log}, {@code fcm}, {@code apns}, … */
    String name();

    DeliveryResult deliver(PushTarget target, Notification notification);

    @Override
    default void close() {
    }
}
