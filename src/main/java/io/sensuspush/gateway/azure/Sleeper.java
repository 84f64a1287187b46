package io.sensuspush.gateway.azure;

import java.time.Duration;

/** Waits between retries; tests pass one that records the wait instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d);

    void sleep(Duration duration) throws InterruptedException;
}
