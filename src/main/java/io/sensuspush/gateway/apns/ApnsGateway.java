package io.sensuspush.gateway.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.netty.channel.EventLoopGroup;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;
import io.sensuspush.contract.Redaction;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.InCallRetries;
import io.sensuspush.gateway.PushTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers to iOS devices through the APNs HTTP/2 API with Pushy. The body is the contract's APNs payload
 * byte for byte. A notification with a title or body goes as push type {@code alert} (priority 10); one without
 * (an update notification) as {@code background} with priority 5, which Apple requires for background pushes.
 * {@code apns-expiration} is the request's expiry: APNs keeps the push for an offline device until then.
 */
public final class ApnsGateway implements Gateway {
    private static final Logger log = LoggerFactory.getLogger(ApnsGateway.class);

    private final ApnsClient client;
    private final EventLoopGroup eventLoop;
    private final String topic;
    private final Duration timeout;
    private final InCallRetries retries;
    private final Clock clock;

    /** @param eventLoop the client's own event loop, shut down on {@link #close}; null when the caller owns it */
    public ApnsGateway(ApnsClient client, EventLoopGroup eventLoop, String topic, Duration timeout, InCallRetries retries,
                       Clock clock) {
        this.client = client;
        this.eventLoop = eventLoop;
        this.topic = topic;
        this.timeout = timeout;
        this.retries = retries;
        this.clock = clock;
    }

    /**
     * Builds the Pushy client from the settings.
     *
     * @throws IllegalArgumentException naming the option or file that cannot be used (never echoing key material)
     */
    public static ApnsGateway open(ApnsSettings s, InCallRetries retries) {
        if (s.topic() == null || s.topic().isBlank()) {
            throw new IllegalArgumentException("APNs needs the app's bundle id as --apns-topic");
        }
        ApnsClientBuilder builder = new ApnsClientBuilder();
        if (s.signingKey() != null) {
            if (s.keyId() == null || s.keyId().isBlank() || s.teamId() == null || s.teamId().isBlank()) {
                throw new IllegalArgumentException("APNs token authentication with --apns-key needs --apns-key-id and --apns-team-id");
            }
            builder.setSigningKey(signingKey(s.signingKey(), s.teamId().strip(), s.keyId().strip()));
        } else if (s.p12() != null) {
            try {
                builder.setClientCredentials(s.p12().toFile(), s.p12Password() == null ? "" : s.p12Password());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot use APNs certificate " + s.p12()
                        + " (a .p12 file whose password is in SENSUS_PUSH_APNS_P12_PASSWORD): " + e.getClass().getSimpleName());
            }
        } else {
            throw new IllegalArgumentException("APNs needs --apns-key (with --apns-key-id and --apns-team-id) or --apns-p12");
        }
        if (s.endpoint() != null && !s.endpoint().isBlank()) {
            HostPort hp = HostPort.parse(s.endpoint());
            builder.setApnsServer(hp.host(), hp.port());
        } else {
            builder.setApnsServer(s.sandbox() ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : ApnsClientBuilder.PRODUCTION_APNS_HOST);
        }
        if (s.trustedCa() != null) {
            builder.setTrustedServerCertificateChain(systemCasPlus(s.trustedCa()));
        }
        // Our own event loop, so that close() need not wait for Netty's default two-second quiet period.
        EventLoopGroup eventLoop = newEventLoop();
        builder.setEventLoopGroup(eventLoop);
        try {
            return new ApnsGateway(builder.build(), eventLoop, s.topic().strip(), Duration.ofSeconds(30), retries,
                    Clock.systemUTC());
        } catch (IOException e) {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalArgumentException("cannot set up the APNs client: " + e.getMessage());
        }
    }

    /** Pushy 0.15 recognises the classic NIO group (deprecated, not removed, in Netty 4.2). */
    @SuppressWarnings("deprecation")
    private static EventLoopGroup newEventLoop() {
        return new io.netty.channel.nio.NioEventLoopGroup(1);
    }

    private static ApnsSigningKey signingKey(Path file, String teamId, String keyId) {
        try {
            return ApnsSigningKey.loadFromPkcs8File(file.toFile(), teamId, keyId);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read APNs signing key " + file + ": " + e.getClass().getSimpleName()
                    + (Files.exists(file) ? "" : " (no such file)"));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("APNs signing key " + file + " is not an EC P-256 PKCS#8 (.p8) key");
        }
    }

    /** Pushy trusts only the certificates it is given: add the CA from the file to the JDK's own trusted CAs. */
    private static X509Certificate[] systemCasPlus(Path caFile) {
        List<X509Certificate> trusted = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.add((X509Certificate) c);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read CA certificate " + caFile + ": " + e.getClass().getSimpleName());
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("CA file " + caFile + " holds no certificate");
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    trusted.addAll(Arrays.asList(x.getAcceptedIssuers()));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's trusted CAs", e);
        }
        return trusted.toArray(X509Certificate[]::new);
    }

    /** {@code HOST:PORT}, IPv6 hosts in brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String value) {
            try {
                URI u = URI.create("//" + value.strip());
                if (u.getHost() == null || u.getPath() != null && !u.getPath().isEmpty()) {
                    throw new IllegalArgumentException();
                }
                String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
                return new HostPort(host, u.getPort() < 0 ? ApnsClientBuilder.DEFAULT_APNS_PORT : u.getPort());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--apns-endpoint must be HOST:PORT, not '" + value + "'");
            }
        }
    }

    @Override
    public String name() {
        return "apns";
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        String payload = ContractJson.string(Payloads.apns(notification));
        int size = payload.getBytes(StandardCharsets.UTF_8).length;
        if (size > Payloads.MAX_PAYLOAD_BYTES) {
            return new DeliveryResult.BadMessage("APNs payload is " + size + " bytes, over the "
                    + Payloads.MAX_PAYLOAD_BYTES + "-byte limit");
        }
        boolean visible = notification.isVisible();
        SimpleApnsPushNotification push = new SimpleApnsPushNotification(target.token(), topic, payload,
                expiration(target.expiresAt()),
                visible ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
                visible ? PushType.ALERT : PushType.BACKGROUND);
        DeliveryResult result = retries.run(() -> sendOnce(push));
        if (!result.delivered()) {
            log.debug("APNs push to {} (device {}): {}", Redaction.abbreviate(target.token()), target.device(), result);
        }
        return result;
    }

    /** APNs stores the push until this time; an expiry already past means "now or never", sent as 0. */
    private Instant expiration(Instant expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        return expiresAt.isAfter(clock.instant()) ? expiresAt : Instant.EPOCH;
    }

    private DeliveryResult sendOnce(SimpleApnsPushNotification push) {
        var future = client.sendNotification(push);
        try {
            PushNotificationResponse<SimpleApnsPushNotification> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.isAccepted()) {
                return DeliveryResult.DELIVERED;
            }
            return ApnsErrors.classify(response.getStatusCode(), response.getRejectionReason(),
                    response.getTokenInvalidationTimestamp());
        } catch (TimeoutException e) {
            return new DeliveryResult.RetryLater(null, "APNs did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (hasCause(cause, SSLHandshakeException.class)) {
                return new DeliveryResult.Refused("TLS handshake with APNs failed (certificate or CA): " + cause.getMessage());
            }
            return new DeliveryResult.RetryLater(null, "cannot reach APNs: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.RetryLater(null, "interrupted while sending to APNs");
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            client.close().get(10, TimeUnit.SECONDS);
            if (eventLoop != null) {
                eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("APNs client did not close cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
