package io.sensuspush.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes keys as PEM text, as Google's service-account files and Apple's .p8 files carry them. */
public final class Pem {
    private Pem() {
    }

    /** {@code -----BEGIN <type>-----}, base64 in 64-character lines, {@code -----END <type>-----}. */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** A PKCS#8 private key ({@code PrivateKey.getEncoded()} of RSA and EC keys). */
    public static String privateKey(java.security.PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /** The DER inside the first PEM block of {@code text}. */
    public static byte[] decode(String text) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
