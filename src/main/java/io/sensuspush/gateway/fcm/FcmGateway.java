package io.sensuspush.gateway.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.Retryable;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
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

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Delivers to Android devices through Firebase Cloud Messaging HTTP v1: one
 * {@code POST <endpoint>/v1/projects/<project>/messages:send} per token, carrying a data-only message
 * ({@code {"message":{"token","data":{…the contract's 7 string fields…},"android":{"priority":"high","ttl":"<s>s"}}}})
 * so that the app's own handler builds what the user sees. Authorised with OAuth2 access tokens that
 * Google's auth library obtains from the service account's {@code token_uri}, caches and refreshes.
 */
public final class FcmGateway implements Gateway {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://fcm.googleapis.com");
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** FCM keeps a message at most 28 days. */
    static final Duration MAX_TTL = Duration.ofDays(28);

    private static final Logger log = LoggerFactory.getLogger(FcmGateway.class);

    private final GoogleCredentials credentials;
    private final URI sendUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final InCallRetries retries;
    private final Clock clock;

    public FcmGateway(GoogleCredentials credentials, String project, URI endpoint, InCallRetries retries, Clock clock) {
        this.credentials = credentials;
        String base = endpoint.toString().replaceAll("/+$", "");
        this.sendUri = URI.create(base + "/v1/projects/" + project + "/messages:send");
        // HTTP/2 to Google; plain-http endpoints (tests, proxies) speak HTTP/1.1 without an h2c upgrade.
        this.http = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.requestTimeout = Duration.ofSeconds(30);
        this.retries = retries;
        this.clock = clock;
    }

    /**
     * Reads a service-account key file as the Firebase console downloads it.
     *
     * @param project the Firebase project id, or null for the file's {@code project_id}
     * @throws IllegalArgumentException naming the file when it cannot be used (its content is never echoed)
     */
    public static FcmGateway fromServiceAccount(Path file, String project, URI endpoint, InCallRetries retries) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("FCM service account file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read FCM service account file " + file + ": " + e.getMessage());
        }
        ServiceAccountCredentials sa;
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            HttpTransportFactory transport = new JdkTransportFactory();
            sa = ServiceAccountCredentials.fromStream(in, transport);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("FCM service account file " + file
                    + " is not a service-account key (type service_account with client_email, private_key, "
                    + "private_key_id and token_uri)");
        }
        String chosen = project != null && !project.isBlank() ? project.strip() : sa.getProjectId();
        if (chosen == null || chosen.isBlank()) {
            throw new IllegalArgumentException("FCM service account file " + file
                    + " has no project_id: give the Firebase project with --fcm-project");
        }
        // Our in-call retries cover the token request too; the library's own retries would multiply the wait.
        GoogleCredentials scoped = sa.createWithCustomRetryStrategy(false).createScoped(List.of(SCOPE));
        return new FcmGateway(scoped, chosen, endpoint, retries, Clock.systemUTC());
    }

    /** Google's HTTP transport over the JDK's own HttpURLConnection, which reaches any URL, loopback included. */
    private static final class JdkTransportFactory implements HttpTransportFactory {
        private final NetHttpTransport transport = new NetHttpTransport();

        @Override
        public NetHttpTransport create() {
            return transport;
        }
    }

    @Override
    public String name() {
        return "fcm";
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        ObjectNode data = Payloads.fcmData(notification);
        int size = Payloads.sizeOf(data);
        if (size > Payloads.MAX_PAYLOAD_BYTES) {
            return new DeliveryResult.BadMessage("FCM data payload is " + size + " bytes, over the "
                    + Payloads.MAX_PAYLOAD_BYTES + "-byte limit");
        }
        byte[] body = ContractJson.bytes(message(target, data));
        DeliveryResult result = retries.run(() -> sendOnce(body));
        if (!result.delivered()) {
            log.debug("FCM push to {} (device {}): {}", Redaction.abbreviate(target.token()), target.device(), result);
        }
        return result;
    }

    /** The v1 request body. */
    JsonNode message(PushTarget target, ObjectNode data) {
        ObjectNode root = ContractJson.MAPPER.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", target.token());
        message.set("data", data);
        ObjectNode android = message.putObject("android");
        android.put("priority", "high");
        if (target.expiresAt() != null) {
            android.put("ttl", ttl(target.expiresAt()).toSeconds() + "s");
        }
        return root;
    }

    /** Seconds left until the request expires: FCM need not keep it longer (0 = now or never). */
    private Duration ttl(Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(MAX_TTL) > 0 ? MAX_TTL : left;
    }

    private DeliveryResult sendOnce(byte[] body) {
        Map<String, List<String>> authHeaders;
        try {
            // Thread-safe; the library caches the access token and refreshes it shortly before it expires.
            authHeaders = credentials.getRequestMetadata(sendUri);
        } catch (IOException e) {
            return tokenFailure(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(sendUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authHeaders.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return FcmErrors.classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After"), clock.instant());
        } catch (HttpTimeoutException e) {
            return new DeliveryResult.RetryLater(null, "FCM did not answer within " + requestTimeout.toSeconds() + " s");
        } catch (IOException e) {
            return new DeliveryResult.RetryLater(null, "cannot reach FCM: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.RetryLater(null, "interrupted while sending to FCM");
        }
    }

    /** The token endpoint refused the service account (non-retryable) or could not be reached. */
    private static DeliveryResult tokenFailure(IOException e) {
        if (e instanceof Retryable r && !r.isRetryable()) {
            return new DeliveryResult.Refused("FCM OAuth token request refused: " + firstLine(e.getMessage()));
        }
        return new DeliveryResult.RetryLater(null, "cannot get an FCM OAuth token: " + describe(e));
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
