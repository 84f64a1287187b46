package io.sensuspush.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the waits a gateway asks for instead of sleeping. */
public final class RecordingSleeper implements InCallRetries.Sleeper {
    public final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
        waits.add(d);
    }

    /** 3 attempts, 100 ms base backoff, 1 s maximum, Retry-After honoured up to 10 s. */
    public InCallRetries retries() {
        return new InCallRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), this);
    }
}
