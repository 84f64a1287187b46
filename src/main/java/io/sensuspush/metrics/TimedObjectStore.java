package io.sensuspush.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoreLock;
import io.sensuspush.store.StoredObject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** An {@link ObjectStore} that times each call as {@code sensus_push_store_latency_seconds{operation}}. */
public final class TimedObjectStore implements ObjectStore {
    private final ObjectStore store;
    private final Timer list;
    private final Timer get;
    private final Timer put;
    private final Timer delete;
    private final Timer lock;

    public TimedObjectStore(ObjectStore store, MeterRegistry registry) {
        this.store = store;
        this.list = timer(registry, "list");
        this.get = timer(registry, "get");
        this.put = timer(registry, "put");
        this.delete = timer(registry, "delete");
        this.lock = timer(registry, "lock");
    }

    private static Timer timer(MeterRegistry registry, String operation) {
        return Timer.builder("sensus.push.store.latency").description("How long one call to the store took")
                .tag("operation", operation).register(registry);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return time(list, () -> store.list(prefix));
    }

    @Override
    public Optional<byte[]> get(String key) {
        return time(get, () -> store.get(key));
    }

    @Override
    public void put(String key, byte[] content) {
        time(put, () -> {
            store.put(key, content);
            return null;
        });
    }

    @Override
    public void delete(Collection<String> keys) {
        time(delete, () -> {
            store.delete(keys);
            return null;
        });
    }

    @Override
    public Optional<StoreLock> tryLock(String owner, Duration ttl) {
        return time(lock, () -> store.tryLock(owner, ttl));
    }

    @Override
    public void close() {
        store.close();
    }

    private static <T> T time(Timer timer, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            timer.record(Duration.ofNanos(System.nanoTime() - t0));
        }
    }
}
