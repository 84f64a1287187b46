package io.sensuspush.gateway.apns;

import java.nio.file.Path;

/**
 * How to reach APNs. Either token authentication ({@code signingKey} .p8 file, {@code keyId}, {@code teamId})
 * or certificate authentication ({@code p12} file and its password).
 *
 * @param topic     the app's bundle id
 * @param sandbox   Apple's development environment instead of production
 * @param endpoint  HOST:PORT overriding Apple's host (proxies, tests), or null
 * @param trustedCa an extra CA certificate (PEM or DER) trusted for the APNs connection, or null
 */
public record ApnsSettings(Path signingKey, String keyId, String teamId, Path p12, String p12Password,
                           String topic, boolean sandbox, String endpoint, Path trustedCa) {

    @Override
    public String toString() {
        // never print the password
        return "ApnsSettings[signingKey=" + signingKey + ", keyId=" + keyId + ", teamId=" + teamId + ", p12=" + p12
                + ", topic=" + topic + ", sandbox=" + sandbox + ", endpoint=" + endpoint + ", trustedCa=" + trustedCa + "]";
    }
}
