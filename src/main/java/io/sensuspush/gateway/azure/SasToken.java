package io.sensuspush.gateway.azure;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Shared Access Signature tokens for Azure Notification Hubs (contract §4):
 * <pre>
 * uri   = encodeURIComponent(endpoint + "/" + hub + "/messages")
 * sig   = encodeURIComponent(base64(HMAC-SHA256(key as UTF-8, uri + "\n" + expiry)))
 * token = "SharedAccessSignature sr=" + uri + "&amp;sig=" + sig + "&amp;se=" + expiry + "&amp;skn=" + keyName
 * </pre>
 * The hub recomputes the signature from the same string, so every byte matters: the encoding is
 * JavaScript's {@code encodeURIComponent}, which differs from {@link java.net.URLEncoder}
 * (space is {@code %20}, and {@code ! ~ * ' ( )} stay as they are).
 */
public final class SasToken {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SasToken() {
    }

    /** The resource a token grants: {@code <endpoint>/<hub>/messages}, the endpoint without a trailing slash. */
    public static String resource(URI endpoint, String hubName) {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + hubName + "/messages";
    }

    /**
     * The token for {@code resource}, valid until {@code expiry} (Unix seconds).
     *
     * @param resource the plain (not yet encoded) resource URL, see {@link #resource}
     */
    public static String create(String resource, String keyName, String key, long expiry) {
        String uri = encodeURIComponent(resource);
        String signature = Base64.getEncoder().encodeToString(hmacSha256(key, uri + "\n" + expiry));
        return "SharedAccessSignature sr=" + uri + "&sig=" + encodeURIComponent(signature)
                + "&se=" + expiry + "&skn=" + keyName;
    }

    /**
     * JavaScript's {@code encodeURIComponent}: leaves {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} and
     * percent-encodes every other character as its UTF-8 bytes in upper-case hex.
     *
     * @throws IllegalArgumentException for a lone surrogate (JavaScript throws {@code URIError})
     */
    public static String encodeURIComponent(String s) {
        StringBuilder out = new StringBuilder(s.length() * 3 / 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnreserved(c)) {
                out.append(c);
                continue;
            }
            int codePoint;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("cannot URI-encode a lone surrogate at index " + i);
            } else {
                codePoint = c;
            }
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "-_.!~*'()".indexOf(c) >= 0;
    }

    private static byte[] hmacSha256(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every JDK has HmacSHA256; an empty key is refused earlier by AzureConfig.
            throw new IllegalStateException("HMAC-SHA256 unavailable: " + e.getClass().getSimpleName());
        }
    }
}
