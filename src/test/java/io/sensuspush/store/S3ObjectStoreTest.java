package io.sensuspush.store;

import io.sensuspush.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sensuspush.testing.S3ProxyServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ObjectStoreTest extends ObjectStoreContractTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer s3;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Override
    protected ObjectStore newStore() {
        bucket = "study-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        return new S3ObjectStore(s3.client(), false, bucket, "push-notifications", clock);
    }

    @Test
    void aBigFolderListedInParallelRangesHasEveryKeyOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            String uuid = UUID.randomUUID().toString();
            expected.add("requests/" + (i % 3 == 0 ? uuid.toUpperCase(Locale.ROOT) : uuid) + ".json");
        }
        // Keys on and around the split points, and keys no GUID range covers.
        expected.addAll(List.of("requests/0", "requests/1", "requests/9", "requests/A", "requests/F", "requests/a",
                "requests/f", "requests/ff", "requests/_x.json", "requests/zzz.json", "requests/~",
                "requests/\u00e9.json", "requests/\uD83D\uDE00.json", "requests/-.json", "requests/G.json"));
        try (ExecutorService pool = Executors.newFixedThreadPool(32, Thread.ofVirtual().factory())) {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : expected) {
                puts.add(pool.submit(() -> store.put(key, bytes("{}"))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        store.put("tokens/after.json", bytes("{}"));

        List<String> listed = keys(store.list("requests/"));

        assertThat(listed).containsExactlyElementsOf(expected.stream().sorted().toList());
    }

    @Test
    void keysCompareAsS3OrdersThem() {
        assertThat(S3ObjectStore.compareUtf8("a", "b")).isNegative();
        assertThat(S3ObjectStore.compareUtf8("a", "ab")).isNegative();
        assertThat(S3ObjectStore.compareUtf8("ab", "ab")).isZero();
        assertThat(S3ObjectStore.compareUtf8("\uD83D\uDE00", "\uFFFD")).as("above U+FFFF sorts last in UTF-8").isPositive();
        assertThat("\uD83D\uDE00".compareTo("\uFFFD")).as("unlike String order").isNegative();
    }

    @Test
    void describesItselfAsAnS3Url() {
        assertThat(store.describe()).isEqualTo("s3://" + bucket + "/push-notifications");
        assertThat(s3.store(bucket, "push-notifications").describe()).isEqualTo("s3://" + bucket + "/push-notifications");
    }

    @Test
    void objectsLiveUnderThePrefixAsJson() {
        store.put("requests/a.json", bytes("{}"));
        var head = s3.client().headObject(r -> r.bucket(bucket).key("push-notifications/requests/a.json"));
        assertThat(head.contentType()).isEqualTo("application/json");
    }

    @Test
    void listIgnoresFolderPlaceholdersAndObjectsOutsideThePrefix() {
        store.put("requests/a.json", bytes("{}"));
        for (String key : List.of("push-notifications/requests/", "push-notifications-old/requests/b.json", "other.json")) {
            s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[0]));
        }
        assertThat(keys(store.list(""))).containsExactly("requests/a.json");
        assertThat(keys(store.list("requests/"))).containsExactly("requests/a.json");
    }

    @Test
    void storesOpensTheBucketThroughTheDefaultCredentialsChain() {
        // The default chain reads these system properties first; the region falls back when none is configured.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        try (ObjectStore opened = Stores.open("s3://" + bucket, s3.endpoint(), null);
             ObjectStore withRegion = S3ObjectStore.open(bucket, "push-notifications/", s3.endpoint(), "eu-west-1")) {
            assertThat(opened.describe()).isEqualTo("s3://" + bucket + "/push-notifications");
            opened.put("requests/a.json", bytes("{}"));
            assertThat(keys(store.list("requests/"))).containsExactly("requests/a.json");
            assertThat(withRegion.get("requests/a.json").map(ObjectStoreContractTest::text)).contains("{}");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void failuresNameTheObjectAndErrorCodeButNoSecret() {
        try (ObjectStore missing = s3.store("no-such-bucket", "push-notifications")) {
            assertThatThrownBy(() -> missing.put("requests/a.json", bytes("{}")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("s3://no-such-bucket/push-notifications/requests/a.json")
                    .hasMessageContaining("NoSuchBucket")
                    .hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
            assertThatThrownBy(() -> missing.list("requests/")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("s3://no-such-bucket/push-notifications/requests/");
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsOldHolderLosesIt() {
        StoreLock first = store.tryLock("daemon-1", Duration.ofMinutes(2)).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.tryLock("daemon-2", Duration.ofMinutes(2))).as("not expired yet").isEmpty();
        assertThat(first.renew()).isTrue(); // now expires 3 minutes after the start

        clock.advance(Duration.ofMinutes(1).plusSeconds(59)); // the first lease would have expired by now
        assertThat(store.tryLock("daemon-2", Duration.ofMinutes(2))).as("renewed lease still live").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        Optional<StoreLock> second = store.tryLock("daemon-2", Duration.ofMinutes(2));
        assertThat(second).as("expired lease taken over").isPresent();
        assertThat(first.renew()).as("the old holder learns it lost the lock").isFalse();

        first.close(); // must not delete daemon-2's lease
        assertThat(store.tryLock("daemon-3", Duration.ofMinutes(2))).isEmpty();
        assertThat(second.get().renew()).isTrue();
        second.get().close();
        assertThat(store.tryLock("daemon-3", Duration.ofMinutes(2))).isPresent();
    }

    @Test
    void leaseObjectSaysWhoHoldsItUntilWhen() {
        try (StoreLock lock = store.tryLock("host-a:1234", Duration.ofSeconds(90)).orElseThrow()) {
            String lease = text(store.get("backend/pass-lock.json").orElseThrow());
            assertThat(lease).contains("\"owner\":\"host-a:1234\"")
                    .contains("\"expires\":" + (clock.millis() + 90_000));
        }
        assertThat(store.get("backend/pass-lock.json")).as("released lease deleted").isEmpty();
    }

    @Test
    void garbageInTheLeaseObjectCountsAsExpired() {
        store.put("backend/pass-lock.json", bytes("not json"));
        assertThat(store.tryLock("me", Duration.ofMinutes(1))).isPresent();
    }

    /**
     * Records what S3Proxy 2.6.0 does with conditional PUTs (AWS S3 honours both since 2024): the store's
     * lock must stay correct either way, see {@link S3ObjectStore#tryLock}.
     */
    @Test
    void s3ProxyIgnoresConditionalPuts() {
        String key = "push-notifications/probe.json";
        s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("one"));
        boolean ifNoneMatchHonoured = refused(() -> s3.client().putObject(
                r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("two")));
        boolean ifMatchHonoured = refused(() -> s3.client().putObject(
                r -> r.bucket(bucket).key(key).ifMatch("\"0123456789abcdef0123456789abcdef\""), RequestBody.fromString("three")));
        assertThat(ifNoneMatchHonoured).as("If-None-Match: * on an existing key refused").isFalse();
        assertThat(ifMatchHonoured).as("If-Match with a wrong ETag refused").isFalse();
    }

    private static boolean refused(Runnable put) {
        try {
            put.run();
            return false;
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(412);
            return true;
        }
    }

    /** A clock the test moves by hand, so lease expiry needs no waiting. */
}
