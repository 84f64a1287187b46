package io.sensuspush.testing;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushy's mock APNs server on TLS (a test certificate for 127.0.0.1, see {@code src/test/resources/apns/README.md}),
 * validating as APNs does: provider tokens signed with the test .p8 key (ES256, key id {@link #KEY_ID}, team
 * {@link #TEAM_ID}), the topic {@link #TOPIC}, registered device tokens, priority, push type, payload size.
 * Tokens can be marked unregistered (410) and rejections programmed; accepted pushes are recorded.
 */
public final class ApnsStandIn implements AutoCloseable {
    public static final String TOPIC = "io.sensuspush.test";
    public static final String TEAM_ID = "TEAMID1234";
    public static final String KEY_ID = "TESTKEY123";

    /** One push the server accepted. */
    public record Accepted(String token, String topic, String pushType, String priority, String expiration, String payload) {
    }

    private final MockApnsServer server;
    @SuppressWarnings("deprecation") // Pushy 0.15 recognises the classic NIO group
    private final EventLoopGroup eventLoop = new io.netty.channel.nio.NioEventLoopGroup(2);
    private final int port;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
    private final Map<String, RejectionReason> rejectByToken = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RejectionReason> rejectNext = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rejected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    private ApnsStandIn(boolean certificateAuth) throws Exception {
        ApnsVerificationKey verificationKey = new ApnsVerificationKey(KEY_ID, TEAM_ID, publicKey());
        ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(
                Map.of(TOPIC, registered), unregistered, Map.of(KEY_ID, verificationKey),
                Map.of(verificationKey, Set.of(TOPIC)));
        MockApnsServerBuilder builder = new MockApnsServerBuilder();
        if (certificateAuth) {
            // Clients must present the test certificate; its subject UID names the topic it may push to.
            builder.setTrustedClientCertificateChain(resource("client-cert.pem").toFile());
        }
        server = builder
                .setEventLoopGroup(eventLoop)
                .setServerCredentials(new X509Certificate[]{certificate()}, privateKey(), null)
                .setHandlerFactory(session -> {
                    PushNotificationHandler check = validating.buildHandler(session);
                    return (headers, payload) -> handle(check, headers, payload);
                })
                .setListener(new MockApnsServerListener() {
                    @Override
                    public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
                    }

                    @Override
                    public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
                                                               Instant invalidSince) {
                        rejected.add(reason.name());
                    }
                })
                .build();
        port = server.start(0).get(10, TimeUnit.SECONDS);
    }

    /** Token authentication with the test .p8 key. */
    public static ApnsStandIn start() throws Exception {
        return new ApnsStandIn(false);
    }

    /** Certificate authentication: TLS client certificate {@link #clientP12()} required. */
    public static ApnsStandIn startWithCertificateAuth() throws Exception {
        return new ApnsStandIn(true);
    }

    /** The test client certificate and key for certificate authentication, password {@link #CLIENT_P12_PASSWORD}. */
    public static Path clientP12() {
        return resource("client.p12");
    }

    public static final String CLIENT_P12_PASSWORD = "test-p12-password";

    /** Validation first (as APNs would), then programmed rejections; recorded here, before the answer is written. */
    private void handle(PushNotificationHandler check, Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
        requests.incrementAndGet();
        check.handlePushNotification(headers, payload);
        String token = headers.path().toString().substring("/3/device/".length());
        RejectionReason programmed = rejectNext.poll();
        if (programmed == null) {
            programmed = rejectByToken.get(token);
        }
        if (programmed != null) {
            throw new RejectedNotificationException(programmed);
        }
        accepted.add(new Accepted(token, str(headers.get("apns-topic")), str(headers.get("apns-push-type")),
                str(headers.get("apns-priority")), str(headers.get("apns-expiration")),
                payload == null ? "" : payload.toString(StandardCharsets.UTF_8)));
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }

    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** The server certificate, to trust as a CA (--apns-ca). */
    public static Path caFile() {
        return resource("server-cert.pem");
    }

    /** The test .p8 signing key (--apns-key). */
    public static Path signingKeyFile() {
        return resource("AuthKey_TESTKEY123.p8");
    }

    /** Accepts pushes to this token (APNs tokens are 64 hex characters). */
    public void register(String token) {
        registered.add(token);
    }

    /** Answers pushes to this token with 410 Unregistered. */
    public void unregister(String token, Instant since) {
        unregistered.put(token, since);
    }

    public void rejectToken(String token, RejectionReason reason) {
        rejectByToken.put(token, reason);
    }

    public void rejectNext(int n, RejectionReason reason) {
        for (int i = 0; i < n; i++) {
            rejectNext.add(reason);
        }
    }

    public List<Accepted> accepted() {
        return new ArrayList<>(accepted);
    }

    /** Requests that reached the push handler (after TLS and HTTP/2). */
    public int requests() {
        return requests.get();
    }

    public List<String> rejected() {
        return new ArrayList<>(rejected);
    }

    @Override
    public void close() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
        eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private static Path resource(String name) {
        try {
            return Path.of(ApnsStandIn.class.getResource("/apns/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate() throws Exception {
        try (var in = Files.newInputStream(resource("server-cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static java.security.PrivateKey privateKey() throws Exception {
        byte[] der = Pem.decode(Files.readString(resource("server-key.pem")));
        return KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    }

    private static ECPublicKey publicKey() throws Exception {
        byte[] der = Pem.decode(Files.readString(resource("AuthKey_TESTKEY123.pub.pem")));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }
}
