package io.sensuspush.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The mailbox in a local directory: {@code <root>/<prefix>/requests/…}. TODO: implement. */
public final class DirectoryObjectStore implements ObjectStore {
    public DirectoryObjectStore(Path root, String prefix) {
    }

    @Override public String describe() { throw new UnsupportedOperationException(); }
    @Override public List<StoredObject> list(String prefix) { throw new UnsupportedOperationException(); }
    @Override public Optional<byte[]> get(String key) { throw new UnsupportedOperationException(); }
    @Override public void put(String key, byte[] content) { throw new UnsupportedOperationException(); }
    @Override public void delete(Collection<String> keys) { throw new UnsupportedOperationException(); }
    @Override public Optional<StoreLock> tryLock(String owner, Duration ttl) { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
