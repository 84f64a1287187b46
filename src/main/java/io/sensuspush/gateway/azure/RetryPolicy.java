package io.sensuspush.gateway.azure;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retry {@code n} within one delivery: exponential backoff with full
 * jitter (a random wait between 0 and {@code min(maxDelay, baseDelay * 2^n)}, so that many
 * senders do not retry in step), but never less than the service's {@code Retry-After}. A
 * {@code Retry-After} longer than {@code maxRetryAfter} is not waited for in-line: the delivery
 * gives up and the next pass retries.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(10));

    public RetryPolicy {
        Objects.requireNonNull(baseDelay);
        Objects.requireNonNull(maxDelay);
        Objects.requireNonNull(maxRetryAfter);
    }

    /** The upper bound of the jittered wait before retry {@code retry} (0 = first retry). */
    public Duration ceiling(int retry) {
        long ms = baseDelay.toMillis() << Math.min(retry, 20);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    /**
     * The wait before retry {@code retry}, or null when {@code retryAfter} exceeds {@link #maxRetryAfter}
     * (the caller should then give up for now).
     */
    public Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null && retryAfter.compareTo(maxRetryAfter) > 0) {
            return null;
        }
        long ceiling = ceiling(retry).toMillis();
        Duration jittered = Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
