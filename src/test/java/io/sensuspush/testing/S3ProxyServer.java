package io.sensuspush.testing;

import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.S3ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy in this JVM, on 127.0.0.1 and a free port, over an
 * in-memory blob store that vanishes on {@link #close()}. Clients authenticate with SigV4 using
 * {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *     s3.createBucket("study");
 *     ObjectStore store = s3.store("study", "push-notifications");
 *     // or: Stores.open("s3://study", s3.endpoint(), S3ProxyServer.REGION) with the
 *     //     credentials in system properties aws.accessKeyId / aws.secretAccessKey
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-not-a-real-one";
    public static final String REGION = "us-east-1";

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy, URI endpoint) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = clientFor(endpoint);
    }

    /** Starts a server and waits until it accepts requests. */
    public static S3ProxyServer start() {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy);
            context.close();
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
        return new S3ProxyServer(context, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /** S3Proxy starts Jetty in the background and offers no callback; poll its state until a deadline. */
    private static void awaitStarted(S3Proxy proxy) {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("S3Proxy still " + proxy.getState() + " after " + STARTUP_LIMIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** For example {@code http://127.0.0.1:41234}; use path-style access. */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket through the S3 API, so S3's naming rules apply (3 to 63 characters, lower case, …). */
    public void createBucket(String name) {
        client.createBucket(r -> r.bucket(name));
    }

    /** A client for this server with the test credentials; shared, closed with the server. */
    public S3Client client() {
        return client;
    }

    /** The store under {@code s3://bucket/prefix} on {@link #client()}; closing it leaves the client open. */
    public ObjectStore store(String bucket, String prefix) {
        return S3ObjectStore.using(client, bucket, prefix);
    }

    /**
     * A client for an S3Proxy at {@code endpoint} (in this JVM or another), configured like S3ObjectStore.open's
     * client, with the test credentials and a fixed region. The caller closes it.
     */
    public static S3Client clientFor(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .build();
    }

    @Override
    public void close() {
        client.close();
        stopQuietly(proxy);
        context.close();
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // the test is over; nothing to do about a server that would not stop
        }
    }
}
