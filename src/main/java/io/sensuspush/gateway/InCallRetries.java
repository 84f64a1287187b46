package io.sensuspush.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A few quick retries of one push inside a single {@link Gateway#deliver} call, for transient refusals
 * ({@link DeliveryResult.RetryLater}). The wait before retry {@code n} (0 = first retry) is exponential
 * backoff with full jitter: a random time between zero and {@code min(maxDelay, baseDelay * 2^n)}, so that
 * many senders do not retry in step; but never less than the service's Retry-After. A Retry-After longer
 * than {@code maxRetryAfter} is not waited for in-line: the call returns the service's RetryLater at once
 * and the next pass tries again.
 *
 * @param maxAttempts   attempts in total, at least 1
 * @param maxRetryAfter the longest Retry-After worth waiting for within the call
 * @param sleeper       waits; tests give one that records instead of sleeping
 */
public record InCallRetries(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                            Sleeper sleeper) {

    private static final Logger log = LoggerFactory.getLogger(InCallRetries.class);

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static final Sleeper REAL_SLEEPER = d -> Thread.sleep(d);

    public InCallRetries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay);
        Objects.requireNonNull(maxDelay);
        Objects.requireNonNull(maxRetryAfter);
        Objects.requireNonNull(sleeper);
    }

    /** 3 attempts, 250 ms base, 5 s maximum backoff, never waiting more than 10 s for a Retry-After. */
    public static InCallRetries standard() {
        return new InCallRetries(3, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(10), REAL_SLEEPER);
    }

    /** One attempt only. */
    public static InCallRetries none() {
        return new InCallRetries(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, REAL_SLEEPER);
    }

    public InCallRetries withSleeper(Sleeper s) {
        return new InCallRetries(maxAttempts, baseDelay, maxDelay, maxRetryAfter, s);
    }

    /** Runs {@code attempt} until it gives something other than RetryLater, or the attempts or patience run out. */
    public DeliveryResult run(Supplier<DeliveryResult> attempt) {
        for (int retry = 0; ; retry++) {
            DeliveryResult result = attempt.get();
            if (!(result instanceof DeliveryResult.RetryLater later) || retry + 1 >= maxAttempts) {
                return result;
            }
            Duration wait = delay(retry, later.retryAfter());
            if (wait == null) {
                return result; // the service asks for a longer pause than a pass should spend here
            }
            log.debug("retry {} in {} ms after: {}", retry + 1, wait.toMillis(), later.reason());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    /** The upper bound of the jittered wait before retry {@code retry} (0 = first retry). */
    public Duration ceiling(int retry) {
        long ms = baseDelay.toMillis() << Math.min(retry, 20);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    /**
     * The wait before retry {@code retry}: jittered backoff, but at least {@code retryAfter} (may be null);
     * null when {@code retryAfter} exceeds {@link #maxRetryAfter} (the caller should then give up for now).
     */
    public Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null && retryAfter.compareTo(maxRetryAfter) > 0) {
            return null;
        }
        long ceiling = ceiling(retry).toMillis();
        Duration jittered = Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
