package io.sensuspush.gateway;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A few quick retries of one push inside a single {@link Gateway#deliver} call, for transient refusals
 * ({@link DeliveryResult.RetryLater}). Waits follow exponential backoff with full jitter (a random time
 * between zero and {@code baseDelay * 2^retry}, capped at {@code maxDelay}) unless the service named a
 * time (Retry-After). A wait longer than {@code maxWait} is not slept through: the call returns the
 * RetryLater and the next pass tries again.
 *
 * @param maxAttempts attempts in total, at least 1
 */
public record InCallRetries(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxWait, Sleeper sleeper) {

    /** Waits; tests give one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static final Sleeper REAL_SLEEPER = d -> Thread.sleep(d);

    public InCallRetries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
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
        return new InCallRetries(maxAttempts, baseDelay, maxDelay, maxWait, s);
    }

    /** Runs {@code attempt} until it gives something other than RetryLater, or the attempts or patience run out. */
    public DeliveryResult run(Supplier<DeliveryResult> attempt) {
        for (int i = 0; ; i++) {
            DeliveryResult result = attempt.get();
            if (!(result instanceof DeliveryResult.RetryLater later)) {
                return result;
            }
            Duration wait = later.retryAfter() != null ? later.retryAfter() : backoff(i);
            if (i + 1 >= maxAttempts || wait.compareTo(maxWait) > 0) {
                return new DeliveryResult.RetryLater(wait, later.reason());
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return later;
            }
        }
    }

    /** Full-jitter backoff before retry number {@code retry} (0-based). */
    public Duration backoff(int retry) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry, 20));
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
