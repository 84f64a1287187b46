package io.sensuspush.testing;

import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoreLock;
import io.sensuspush.store.StoredObject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a real store and counts the calls made through it: gets per key, lists, and delete calls. */
public final class CountingObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger deleteCalls = new AtomicInteger();

    public CountingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** Gets of keys starting with {@code prefix} since the last {@link #reset}. */
    public int gets(String prefix) {
        return gets.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
    }

    public int lists() {
        return lists.get();
    }

    public int deleteCalls() {
        return deleteCalls.get();
    }

    public void reset() {
        gets.clear();
        lists.set(0);
        deleteCalls.set(0);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<StoredObject> list(String prefix) {
        lists.incrementAndGet();
        return delegate.list(prefix);
    }

    @Override
    public Optional<byte[]> get(String key) {
        gets.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public void put(String key, byte[] content) {
        delegate.put(key, content);
    }

    @Override
    public void delete(Collection<String> keys) {
        deleteCalls.incrementAndGet();
        delegate.delete(keys);
    }

    @Override
    public Optional<StoreLock> tryLock(String owner, Duration ttl) {
        return delegate.tryLock(owner, ttl);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
