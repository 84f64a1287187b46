package io.sensuspush.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} must do; subclasses supply a fresh, empty store per test. */
abstract class ObjectStoreContractTest {

    protected ObjectStore store;

    /** A new, empty store; closed after each test. */
    protected abstract ObjectStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void putThenGetReturnsTheContent() {
        store.put("requests/a.json", bytes("{\"id\":\"a\"}"));
        assertThat(store.get("requests/a.json")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("{\"id\":\"a\"}"));
    }

    @Test
    void emptyContentIsAnObject() {
        store.put("requests/empty.json", new byte[0]);
        assertThat(store.get("requests/empty.json")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(store.list("requests/")).singleElement().satisfies(o -> assertThat(o.size()).isZero());
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get("requests/missing.json")).isEmpty();
        store.put("requests/other.json", bytes("x"));
        assertThat(store.get("requests/missing.json")).isEmpty();
    }

    @Test
    void putReplacesContent() {
        store.put("tokens/d.json", bytes("old"));
        store.put("tokens/d.json", bytes("new!"));
        assertThat(store.get("tokens/d.json").map(ObjectStoreContractTest::text)).contains("new!");
        assertThat(store.list("tokens/")).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(4));
    }

    @Test
    void listFiltersByPrefixAndSortsByKey() {
        for (String key : List.of("requests/b.json", "requests/a.json", "tokens/d1.json",
                "updates/d1/u2.json", "updates/d1/u1.json", "updates/d2/u1.json", "requests/c.json")) {
            store.put(key, bytes("<" + key + ">"));
        }

        assertThat(keys(store.list("requests/"))).containsExactly("requests/a.json", "requests/b.json", "requests/c.json");
        assertThat(keys(store.list("updates/d1/"))).containsExactly("updates/d1/u1.json", "updates/d1/u2.json");
        assertThat(keys(store.list("updates/"))).containsExactly("updates/d1/u1.json", "updates/d1/u2.json", "updates/d2/u1.json");
        assertThat(keys(store.list("requests/b"))).containsExactly("requests/b.json");
        assertThat(keys(store.list("nothing/"))).isEmpty();
        assertThat(keys(store.list(""))).containsExactly("requests/a.json", "requests/b.json", "requests/c.json",
                "tokens/d1.json", "updates/d1/u1.json", "updates/d1/u2.json", "updates/d2/u1.json");
    }

    @Test
    void listReportsSizeVersionAndTime() {
        store.put("requests/a.json", bytes("12345"));
        StoredObject o = store.list("requests/").getFirst();
        assertThat(o.key()).isEqualTo("requests/a.json");
        assertThat(o.size()).isEqualTo(5);
        assertThat(o.version()).isNotBlank();
        assertThat(o.lastModified()).isNotNull();
        assertThat(Duration.between(o.lastModified(), java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void versionChangesWhenContentChanges() {
        store.put("tokens/d.json", bytes("token-A"));
        String first = store.list("tokens/").getFirst().version();
        assertThat(store.list("tokens/").getFirst().version()).as("stable while unchanged").isEqualTo(first);

        store.put("tokens/d.json", bytes("token-B")); // same size, written right away
        String second = store.list("tokens/").getFirst().version();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void deleteRemovesObjectsAndIgnoresMissingOnes() {
        store.put("requests/a.json", bytes("a"));
        store.put("requests/b.json", bytes("b"));
        store.put("updates/d1/u.json", bytes("[]"));

        store.delete(List.of("requests/a.json", "requests/never.json", "updates/d1/u.json"));

        assertThat(keys(store.list(""))).containsExactly("requests/b.json");
        assertThat(store.get("requests/a.json")).isEmpty();
        store.delete(List.of("requests/a.json")); // again: still no error
        store.delete(List.of());
    }

    @Test
    void listPagesThroughMoreThanAThousandObjects() throws Exception {
        List<String> keys = putMany("requests/", 1_100);

        List<StoredObject> listed = store.list("requests/");

        assertThat(keys(listed)).containsExactlyElementsOf(keys);
    }

    @Test
    void deletesMoreThanAThousandKeysAtOnce() throws Exception {
        List<String> keys = putMany("updates/dev/", 1_100);
        store.put("requests/keep.json", bytes("k"));

        store.delete(keys);

        assertThat(keys(store.list(""))).containsExactly("requests/keep.json");
    }

    @Test
    void readersSeeTheOldOrTheNewContentNeverAPart() throws Exception {
        byte[] a = "a".repeat(64 * 1024).getBytes(UTF_8);
        byte[] b = "b".repeat(80 * 1024).getBytes(UTF_8);
        store.put("tokens/d.json", a);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get() || reads < 10) {
                    byte[] seen = store.get("tokens/d.json").orElseThrow();
                    if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                        throw new AssertionError("read a mix or part: " + seen.length + " bytes");
                    }
                    reads++;
                }
                return reads;
            });
            for (int i = 0; i < 40; i++) {
                store.put("tokens/d.json", i % 2 == 0 ? b : a);
            }
            writing.set(false);
            assertThat(reader.get()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void lockExcludesASecondHolderUntilClosed() {
        Optional<StoreLock> first = store.tryLock("first", Duration.ofMinutes(1));
        assertThat(first).isPresent();
        assertThat(store.tryLock("second", Duration.ofMinutes(1))).isEmpty();
        assertThat(first.get().renew()).isTrue();
        assertThat(store.tryLock("second", Duration.ofMinutes(1))).as("still held after renew").isEmpty();

        first.get().close();
        assertThat(first.get().renew()).as("a released lock cannot be renewed").isFalse();

        Optional<StoreLock> second = store.tryLock("second", Duration.ofMinutes(1));
        assertThat(second).isPresent();
        assertThat(second.get().renew()).isTrue();
        second.get().close();
    }

    @Test
    void lockIsNotListedAsAnObject() {
        try (StoreLock lock = store.tryLock("me", Duration.ofMinutes(1)).orElseThrow()) {
            assertThat(store.list("requests/")).isEmpty();
            assertThat(store.list("tokens/")).isEmpty();
            assertThat(store.list("updates/")).isEmpty();
        }
    }

    /** Puts {@code count} small objects in parallel; returns their keys in order. */
    protected List<String> putMany(String prefix, int count) throws Exception {
        List<String> keys = IntStream.range(0, count).mapToObj(i -> prefix + String.format("%05d", i) + ".json").toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(32, Thread.ofVirtual().factory())) {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(pool.submit(() -> store.put(key, bytes("{\"k\":\"" + key + "\"}"))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        return keys;
    }

    protected static List<String> keys(List<StoredObject> objects) {
        return objects.stream().map(StoredObject::key).toList();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, UTF_8);
    }
}
