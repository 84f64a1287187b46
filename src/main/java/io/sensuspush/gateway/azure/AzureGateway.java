package io.sensuspush.gateway.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;
import io.sensuspush.contract.Redaction;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.InCallRetries;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.gateway.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * Delivers through Azure Notification Hubs' direct send (contract §4): one HTTPS POST per
 * device handle, no registrations. The hub forwards to APNs ({@code apple}) or FCM
 * ({@code fcmv1}, or legacy {@code gcm}). Temporary failures are retried a few times within one
 * call; what is still failing is returned as {@link DeliveryResult.RetryLater} for the next pass.
 * Thread-safe; one HTTP client (and its connection pool) is shared by all callers.
 */
public final class AzureGateway implements Gateway {
    public static final String API_VERSION = "2015-04";

    private static final Logger LOG = LoggerFactory.getLogger(AzureGateway.class);

    private final AzureConfig config;
    private final URI sendUri;
    private final SasTokenCache sas;
    private final InCallRetries retries;
    private final Clock clock;
    private final HttpClient http;

    public AzureGateway(AzureConfig config) {
        this(config, config.retries(), Clock.systemUTC());
    }

    /** @param retries usually {@link AzureConfig#retries()}, perhaps with a test's sleeper */
    public AzureGateway(AzureConfig config, InCallRetries retries, Clock clock) {
        this.config = config;
        this.sendUri = config.directSendUri();
        this.sas = new SasTokenCache(config.resource(), config.keyName(), config.key(), config.sasTtl(), clock);
        this.retries = retries;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                // HTTP/2 where TLS negotiates it; plain http stays on 1.1 (no h2c upgrade dance).
                .version("https".equals(sendUri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "azure";
    }

    public AzureConfig config() {
        return config;
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        if (target.token() == null || target.token().isBlank()) {
            return new DeliveryResult.BadMessage("no device token");
        }
        String format;
        ObjectNode payload;
        if (target.format() == Format.APPLE) {
            format = "apple";
            payload = Payloads.apns(notification);
        } else {
            format = config.androidFormat().name();
            payload = config.androidFormat() == AndroidFormat.gcm
                    ? Payloads.gcmLegacy(notification) : Payloads.fcmV1(notification);
        }
        byte[] body = ContractJson.bytes(payload);
        if (body.length > Payloads.MAX_PAYLOAD_BYTES) {
            return new DeliveryResult.BadMessage("payload is " + body.length + " bytes, over the "
                    + Payloads.MAX_PAYLOAD_BYTES + "-byte limit of push services (shorten title/body)");
        }
        DeliveryResult result = retries.run(() -> sendOnce(target, format, body));
        if (!result.delivered()) {
            LOG.debug("azure push to {} (device {}): {}", Redaction.abbreviate(target.token()), target.device(), result);
        }
        return result;
    }

    private DeliveryResult sendOnce(PushTarget target, String format, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(config.requestTimeout())
                .header("Authorization", sas.token())
                .header("ServiceBusNotification-Format", format)
                .header("ServiceBusNotification-DeviceHandle", target.token())
                .header("x-ms-version", API_VERSION)
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new DeliveryResult.RetryLater(null, "hub did not answer within " + config.requestTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return new DeliveryResult.RetryLater(null, "cannot reach hub at " + config.endpoint() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.RetryLater(null, "interrupted");
        }
        if (response.statusCode() == 401) {
            sas.invalidate(); // if the key was rotated meanwhile, a fresh token is at least worth the next try
        }
        Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
        return AzureResponses.classify(response.statusCode(), response.body(), retryAfter,
                config.hubName(), target.token());
    }

    @Override
    public void close() {
        http.close();
    }
}
