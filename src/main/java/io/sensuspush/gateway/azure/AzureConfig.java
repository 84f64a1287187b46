package io.sensuspush.gateway.azure;

import io.sensuspush.gateway.InCallRetries;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach one notification hub.
 *
 * @param endpoint       {@code https://<namespace>.servicebus.windows.net}, or another base URL (a proxy, a test hub)
 * @param hubName        the notification hub inside the namespace
 * @param keyName        the shared access policy, e.g. {@code DefaultFullSharedAccessSignature}
 * @param key            that policy's key (secret: never printed)
 * @param androidFormat  how {@code gcm} tokens are delivered
 * @param sasTtl         how long each SAS token is valid
 * @param requestTimeout the longest one HTTP request may take, connection included
 * @param maxRetries     how often one {@code deliver} call retries a temporary failure
 */
public record AzureConfig(URI endpoint, String hubName, String keyName, String key, AndroidFormat androidFormat,
                          Duration sasTtl, Duration requestTimeout, int maxRetries) {

    public static final String DEFAULT_KEY_NAME = "DefaultFullSharedAccessSignature";
    public static final Duration DEFAULT_SAS_TTL = Duration.ofMinutes(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RETRIES = 2;

    // Azure: letters, digits, periods, hyphens, underscores (and namespaces: letters, digits, hyphens).
    private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z0-9._-]{1,260}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9-]{1,50}");

    public AzureConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("hub endpoint must be an http(s) URL, not \"" + endpoint + "\"");
        }
        if (hubName == null || !HUB_NAME.matcher(hubName).matches()) {
            throw new IllegalArgumentException("hub name \"" + hubName
                    + "\" is not valid (letters, digits, '.', '-', '_')");
        }
        if (keyName == null || keyName.isBlank()) {
            throw new IllegalArgumentException("hub key name is empty");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("hub key is empty");
        }
        androidFormat = Objects.requireNonNullElse(androidFormat, AndroidFormat.fcmv1);
        sasTtl = Objects.requireNonNullElse(sasTtl, DEFAULT_SAS_TTL);
        requestTimeout = Objects.requireNonNullElse(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
        if (sasTtl.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("SAS token lifetime must be at least 10s, not " + sasTtl);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, not " + requestTimeout);
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("max retries must be between 0 and 10, not " + maxRetries);
        }
    }

    /** A hub in an Azure namespace, with every other setting at its default. */
    public static AzureConfig of(String namespace, String hubName, String keyName, String key) {
        return new AzureConfig(namespaceEndpoint(namespace), hubName, keyName, key,
                AndroidFormat.fcmv1, DEFAULT_SAS_TTL, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES);
    }

    /** {@code https://<namespace>.servicebus.windows.net} */
    public static URI namespaceEndpoint(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("hub namespace \"" + namespace
                    + "\" is not valid (letters, digits, '-'; the part before .servicebus.windows.net)");
        }
        return URI.create("https://" + namespace + ".servicebus.windows.net");
    }

    /** The plain resource URL that SAS tokens are signed for: {@code <endpoint>/<hub>/messages}. */
    public String resource() {
        return SasToken.resource(endpoint, hubName);
    }

    /** The direct-send URL: {@code <endpoint>/<hub>/messages/?direct&api-version=2015-04}. */
    public URI directSendUri() {
        return URI.create(resource() + "/?direct&api-version=" + AzureGateway.API_VERSION);
    }

    /**
     * The gateway's in-call retries: {@code maxRetries} retries (so 1 + maxRetries attempts), 0.5 s base
     * backoff, 5 s maximum, a Retry-After honoured up to 10 s.
     */
    public InCallRetries retries() {
        return new InCallRetries(maxRetries + 1, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(10),
                InCallRetries.REAL_SLEEPER);
    }

    public AzureConfig withEndpoint(URI newEndpoint) {
        return new AzureConfig(newEndpoint, hubName, keyName, key, androidFormat, sasTtl, requestTimeout, maxRetries);
    }

    public AzureConfig withAndroidFormat(AndroidFormat format) {
        return new AzureConfig(endpoint, hubName, keyName, key, format, sasTtl, requestTimeout, maxRetries);
    }

    public AzureConfig withSasTtl(Duration ttl) {
        return new AzureConfig(endpoint, hubName, keyName, key, androidFormat, ttl, requestTimeout, maxRetries);
    }

    public AzureConfig withRequestTimeout(Duration timeout) {
        return new AzureConfig(endpoint, hubName, keyName, key, androidFormat, sasTtl, timeout, maxRetries);
    }

    public AzureConfig withMaxRetries(int retries) {
        return new AzureConfig(endpoint, hubName, keyName, key, androidFormat, sasTtl, requestTimeout, retries);
    }

    /** Everything but the key. */
    @Override
    public String toString() {
        return "AzureConfig[endpoint=" + endpoint + ", hubName=" + hubName + ", keyName=" + keyName
                + ", key=(hidden), androidFormat=" + androidFormat + ", sasTtl=" + sasTtl
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }
}
