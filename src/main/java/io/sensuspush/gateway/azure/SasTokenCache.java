package io.sensuspush.gateway.azure;

import java.time.Clock;
import java.time.Duration;

/**
 * The SAS token a gateway sends, minted once and reused by every thread until shortly before
 * it expires (HMAC per request would be cheap, but reuse keeps the token stable and makes the
 * expiry easy to reason about). Refreshes {@code min(5 minutes, ttl / 4)} before expiry, so a
 * request in flight never carries an expired token.
 */
final class SasTokenCache {
    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private record Minted(String token, long expiry) {
    }

    private final String resource;
    private final String keyName;
    private final String key;
    private final Duration ttl;
    private final Duration margin;
    private final Clock clock;
    private volatile Minted current;

    SasTokenCache(String resource, String keyName, String key, Duration ttl, Clock clock) {
        this.resource = resource;
        this.keyName = keyName;
        this.key = key;
        this.ttl = ttl;
        Duration quarter = ttl.dividedBy(4);
        this.margin = quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN;
        this.clock = clock;
    }

    /** A token valid for at least the refresh margin from now. */
    String token() {
        Minted m = current;
        long now = clock.instant().getEpochSecond();
        if (m != null && now < m.expiry - margin.toSeconds()) {
            return m.token;
        }
        synchronized (this) {
            m = current;
            if (m == null || now >= m.expiry - margin.toSeconds()) {
                long expiry = now + ttl.toSeconds();
                m = new Minted(SasToken.create(resource, keyName, key, expiry), expiry);
                current = m;
            }
            return m.token;
        }
    }

    /** Forget the cached token (after the hub rejected it), so the next call mints a fresh one. */
    void invalidate() {
        current = null;
    }
}
