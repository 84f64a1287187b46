package io.sensuspush.contract;

/**
 * {@code push-notifications/tokens/<device>.json}: where a device can be pushed to.
 * The app overwrites it in place when its native token changes.
 *
 * @param token the native push token; may be empty, which the pass treats as no token
 */
public record TokenFile(String device, String protocol, Format format, String token) {

    /** True when the token is usable for a push (the contract treats an empty token as none). */
    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /** The push token shortened for logs and output: push tokens are not secrets but not for display either. */
    public String abbreviatedToken() {
        return Redaction.abbreviate(token);
    }
}
