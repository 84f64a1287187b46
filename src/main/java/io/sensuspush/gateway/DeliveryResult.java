package io.sensuspush.gateway;

import java.time.Duration;

/** What became of one push; the same outcomes for every gateway. */
public sealed interface DeliveryResult {

    /** The service accepted it. */
    record Delivered() implements DeliveryResult {
    }

    /** Temporarily refused (429, 5xx, time-out, connection lost): try again, not before {@code retryAfter} (may be null). */
    record RetryLater(Duration retryAfter, String reason) implements DeliveryResult {
    }

    /** The token will never work again (FCM UNREGISTERED, APNs 410): stop pushing to it. */
    record DeadToken(String reason) implements DeliveryResult {
    }

    /** The message itself is wrong (too large, invalid): retrying cannot help. */
    record BadMessage(String reason) implements DeliveryResult {
    }

    /** Our own configuration or credentials are refused (401, 403 not for quota): retrying as is cannot help. */
    record Refused(String reason) implements DeliveryResult {
    }

    DeliveryResult DELIVERED = new Delivered();

    default boolean delivered() {
        return this instanceof Delivered;
    }
}
