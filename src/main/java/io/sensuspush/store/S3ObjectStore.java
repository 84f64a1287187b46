package io.sensuspush.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The mailbox in an S3 bucket (or an S3-compatible store) under a prefix: key {@code k} is the
 * object {@code <prefix>/k}. Every SDK failure becomes a {@link StoreException} naming
 * {@code s3://bucket/prefix/key} and the S3 error code.
 */
public final class S3ObjectStore implements ObjectStore {
    /** The pass lock's lease object. */
    static final String LOCK_KEY = "backend/pass-lock.json";
    /** Concurrent requests one pass may run (parallel gets and puts). */
    static final int MAX_CONNECTIONS = 64;
    /** First try plus retries with the SDK's standard backoff. */
    static final int MAX_ATTEMPTS = 5;
    /** One HTTP attempt that takes longer (a hung connection) fails and is retried. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** The most keys one DeleteObjects request may carry. */
    static final int DELETE_BATCH = 1_000;
    private static final String FALLBACK_REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String root; // "<prefix>/", or "" for the whole bucket
    private final Clock clock;

    S3ObjectStore(S3Client s3, boolean ownsClient, String bucket, String prefix, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.ownsClient = ownsClient;
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.root = trimmed.isEmpty() ? "" : trimmed + "/";
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens the store with its own client: default credentials chain; the region given, else the SDK's region
     * chain, else {@value #FALLBACK_REGION}; with an endpoint, path-style access to it (S3-compatible stores);
     * standard retries with backoff, {@value #MAX_ATTEMPTS} attempts, each cut off after {@link #ATTEMPT_TIMEOUT}
     * (so a hung connection becomes a retried error, not a stuck pass); up to {@value #MAX_CONNECTIONS} connections.
     */
    public static ObjectStore open(String bucket, String prefix, URI endpoint, String region) {
        return open(bucket, prefix, endpoint, region, ATTEMPT_TIMEOUT);
    }

    /** As {@link #open(String, String, URI, String)}, with another time limit per HTTP attempt. */
    public static ObjectStore open(String bucket, String prefix, URI endpoint, String region, Duration attemptTimeout) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region != null && !region.isBlank() ? region : defaultRegion()))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS))
                // The SDK's default CRC32 checksums are refused by some S3-compatible stores (S3Proxy 2.x).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                        .apiCallAttemptTimeout(attemptTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        } else {
            builder.crossRegionAccessEnabled(true); // a bucket outside the configured region is found, not refused
        }
        return new S3ObjectStore(builder.build(), true, bucket, prefix, Clock.systemUTC());
    }

    /** A store on a client the caller built (and closes: closing the store leaves the client open). */
    public static ObjectStore using(S3Client s3, String bucket, String prefix) {
        return new S3ObjectStore(s3, false, bucket, prefix, Clock.systemUTC());
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            return FALLBACK_REGION; // nothing configured; cross-region access finds a bucket elsewhere
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (root.isEmpty() ? "" : "/" + root.substring(0, root.length() - 1));
    }

    /**
     * Lists with ListObjectsV2, 1,000 keys a page. A folder that fills more than the first page (a study may
     * hold 100,000 request files) is listed on in parallel: the key space after the first page is cut at
     * {@link #SPLIT_POINTS} (file names are mostly GUIDs) and each range is paged through on its own virtual thread.
     */
    @Override
    public List<StoredObject> list(String prefix) {
        String full = root + prefix;
        List<StoredObject> objects = new ArrayList<>();
        try {
            ListObjectsV2Response first = s3.listObjectsV2(r -> r.bucket(bucket).prefix(full));
            addObjects(objects, first.contents(), null);
            if (Boolean.TRUE.equals(first.isTruncated())) {
                String after = first.contents().isEmpty() ? null : first.contents().getLast().key();
                objects.addAll(listInParallel(prefix, full, after));
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        objects.sort(Comparator.comparing(StoredObject::key)); // S3 orders by UTF-8 bytes; callers expect String order
        return objects;
    }

    /** Where the key space of a big folder is cut: first characters of GUIDs, upper and lower case. */
    static final List<String> SPLIT_POINTS = "123456789ABCDEFabcdef".chars().mapToObj(Character::toString).toList();

    /** Every key under {@code full} after {@code after} (null: from the start), one range per virtual thread. */
    private List<StoredObject> listInParallel(String prefix, String full, String after) {
        List<String> bounds = new ArrayList<>();
        bounds.add(after);
        for (String split : SPLIT_POINTS) {
            if (after == null || compareUtf8(full + split, after) > 0) {
                bounds.add(full + split);
            }
        }
        bounds.add(null);
        List<Future<List<StoredObject>>> parts = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i + 1 < bounds.size(); i++) {
                String from = bounds.get(i);
                String to = bounds.get(i + 1);
                parts.add(threads.submit(() -> listRange(full, from, to)));
            }
            List<StoredObject> objects = new ArrayList<>();
            for (Future<List<StoredObject>> part : parts) {
                objects.addAll(part.get());
            }
            return objects;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SdkException sdk ? failure("list", prefix, sdk)
                    : new StoreException("cannot list " + describe() + "/" + prefix + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while listing " + describe() + "/" + prefix, e);
        }
    }

    /** Keys in the range ({@code after}, {@code upTo}] under {@code full}; null bounds are open. */
    private List<StoredObject> listRange(String full, String after, String upTo) {
        List<StoredObject> objects = new ArrayList<>();
        // Each page starts after the previous page's last key rather than at a continuation token: S3Proxy
        // refuses (400 InvalidArgument) a continuation token together with start-after.
        String from = after;
        while (true) {
            String start = from;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(full).startAfter(start));
            if (!addObjects(objects, page.contents(), upTo) || !Boolean.TRUE.equals(page.isTruncated())
                    || page.contents().isEmpty()) {
                return objects; // done, or past the range: the next range's thread lists the rest
            }
            from = page.contents().getLast().key();
        }
    }

    /** Adds listed objects up to {@code upTo} (null: all); false once a key lies beyond it. */
    private boolean addObjects(List<StoredObject> objects, List<S3Object> listed, String upTo) {
        for (S3Object o : listed) {
            if (upTo != null && compareUtf8(o.key(), upTo) > 0) {
                return false;
            }
            if (!o.key().endsWith("/")) { // folder placeholders are not objects
                objects.add(new StoredObject(o.key().substring(root.length()), o.size(), o.eTag(), o.lastModified()));
            }
        }
        return true;
    }

    /** S3's key order: UTF-8 bytes, which is code point order (String.compareTo differs above U+FFFF). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return getWithETag(key).map(ResponseBytes::asByteArray);
    }

    private Optional<ResponseBytes<GetObjectResponse>> getWithETag(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(objectKey(key))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public void put(String key, byte[] content) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(objectKey(key)).contentType("application/json"),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            List<ObjectIdentifier> ids = batch.stream().map(k -> ObjectIdentifier.builder().key(objectKey(k)).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
            } catch (SdkException e) {
                throw failure("delete " + batch.size() + " objects starting at", batch.getFirst(), e);
            }
            // Quiet mode reports only the keys that failed; a missing key is not a failure in S3.
            List<S3Error> errors = response.errors();
            if (!errors.isEmpty()) {
                S3Error first = errors.getFirst();
                throw new StoreException(errors.size() + " of " + batch.size() + " objects could not be deleted from "
                        + describe() + "; first: s3://" + bucket + "/" + first.key() + " (" + first.code() + ")");
            }
        }
    }

    /**
     * The pass lock as a lease object, {@value #LOCK_KEY}: {@code {"owner","lease","expires"}} with the expiry in
     * epoch milliseconds by the holder's clock (hosts must keep their clocks roughly right; the ttl should dwarf
     * any skew). A new lease is created with a conditional write ({@code If-None-Match: *}); an expired one is
     * taken over with {@code If-Match: <its ETag>}, so of two racing takers S3 lets exactly one succeed.
     *
     * <p>Every write is then read back and counts only if the lease object carries this acquisition's random
     * {@code lease} id. This covers a write the SDK retried after it had already succeeded (the retry then
     * sees a failed precondition), and it is the only guard on stores that ignore conditional writes, such as
     * S3Proxy 2.6.0: there two takers whose read-check-write sequences interleave can both write, and the one
     * that reads back before the other's write lands believes it holds the lock. That window is a few
     * milliseconds, acceptable for a lock whose purpose is to keep an accidental second daemon from running
     * passes at the same time; on AWS S3 (conditional writes since 2024) there is no such window.
     */
    @Override
    public Optional<StoreLock> tryLock(String owner, Duration ttl) {
        String lease = UUID.randomUUID().toString();
        Optional<Lease> current = readLease();
        // A live lease of this very owner is one its last pass could not release (the store failed under it):
        // that pass is over, so the owner may take it back instead of waiting out the ttl.
        if (current.isPresent() && !current.get().expired(clock.millis()) && !current.get().owner().equals(owner)) {
            return Optional.empty();
        }
        byte[] content = leaseJson(owner, lease, clock.millis() + ttl.toMillis());
        try {
            s3.putObject(conditional(current.map(Lease::etag)), RequestBody.fromBytes(content));
        } catch (AwsServiceException e) {
            if (!preconditionFailed(e)) {
                throw failure("lock", LOCK_KEY, e);
            }
            // someone else won, unless our own write got through and this was the SDK's retry: read back
        } catch (SdkException e) {
            throw failure("lock", LOCK_KEY, e);
        }
        return readLease().filter(l -> l.lease().equals(lease))
                .map(l -> new S3Lock(owner, lease, ttl, l.etag()));
    }

    private PutObjectRequest conditional(Optional<String> replacingETag) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(objectKey(LOCK_KEY))
                .contentType("application/json");
        return replacingETag.map(put::ifMatch).orElseGet(() -> put.ifNoneMatch("*")).build();
    }

    /** A held lease; renew() rewrites it with a later expiry, close() deletes it. */
    private final class S3Lock implements StoreLock {
        private final String owner;
        private final String lease;
        private final Duration ttl;
        private String etag;
        private boolean closed;

        S3Lock(String owner, String lease, Duration ttl, String etag) {
            this.owner = owner;
            this.lease = lease;
            this.ttl = ttl;
            this.etag = etag;
        }

        @Override
        public synchronized boolean renew() {
            if (closed) {
                return false;
            }
            Optional<Lease> current = readLease();
            if (current.isEmpty() || !current.get().lease().equals(lease)) {
                return false; // taken over after it expired, or removed
            }
            try {
                s3.putObject(conditional(Optional.of(current.get().etag())),
                        RequestBody.fromBytes(leaseJson(owner, lease, clock.millis() + ttl.toMillis())));
            } catch (AwsServiceException e) {
                if (!preconditionFailed(e)) {
                    throw failure("renew lock", LOCK_KEY, e);
                }
            } catch (SdkException e) {
                throw failure("renew lock", LOCK_KEY, e);
            }
            Optional<Lease> after = readLease().filter(l -> l.lease().equals(lease));
            after.ifPresent(l -> etag = l.etag());
            return after.isPresent();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Delete only our own lease: after expiry another holder may have replaced it.
            if (readLease().filter(l -> l.lease().equals(lease)).isPresent()) {
                delete(List.of(LOCK_KEY));
            }
        }

        @Override
        public String toString() {
            return "lease " + lease + " (" + etag + ") on " + describe();
        }
    }

    /** The lease object as read, with its ETag; unreadable content counts as expired. */
    private record Lease(String owner, String lease, long expiresMillis, String etag) {
        boolean expired(long nowMillis) {
            return expiresMillis <= nowMillis;
        }
    }

    private Optional<Lease> readLease() {
        return getWithETag(LOCK_KEY).map(bytes -> {
            String etag = bytes.response().eTag();
            try {
                JsonNode node = JSON.readTree(bytes.asByteArray());
                return new Lease(node.path("owner").asText(""), node.path("lease").asText(""),
                        node.path("expires").asLong(0), etag);
            } catch (java.io.IOException | RuntimeException e) {
                return new Lease("", "", 0, etag); // garbage: expired, so it can be taken over
            }
        });
    }

    private static byte[] leaseJson(String owner, String lease, long expiresMillis) {
        ObjectNode node = JSON.createObjectNode().put("owner", owner).put("lease", lease).put("expires", expiresMillis);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 412, or 409 when S3 saw a concurrent conditional write to the same key. */
    private static boolean preconditionFailed(AwsServiceException e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private String objectKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("key \"" + key + "\" is not a relative object key");
        }
        return root + key;
    }

    /** What went wrong underneath an SDK client failure: "Connection reset", "Read timed out", …, and how often it was tried. */
    private static String rootCause(SdkException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName() : root.getMessage().strip();
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException) {
            what = "timed out";
        }
        Integer attempts = e.numAttempts();
        return what + (attempts != null && attempts > 1 ? ", " + attempts + " attempts" : "");
    }

    /** Names the object and the S3 error code; SDK messages never carry credentials or signatures. */
    private StoreException failure(String operation, String key, SdkException e) {
        String where = "s3://" + bucket + "/" + root + key;
        String why;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            why = service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        } else if (e instanceof AwsServiceException service) {
            why = "HTTP " + service.statusCode();
        } else {
            why = "no answer (" + rootCause(e) + ")";
        }
        return new StoreException("cannot " + operation + " " + where + ": " + why, e);
    }
}
