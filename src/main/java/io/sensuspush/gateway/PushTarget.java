package io.sensuspush.gateway;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Redaction;

import java.time.Instant;

/**
 * Where one notification goes.
 *
 * @param device    the Sensus device id (for logs)
 * @param format    the platform to deliver through
 * @param token     the native push token from the device's token file
 * @param expiresAt after this there is no point delivering (the pass gives up on a request a day after its time)
 */
public record PushTarget(String device, Format format, String token, Instant expiresAt) {
    @Override
    public String toString() {
        return "PushTarget[device=" + device + ", format=" + format + ", token=" + Redaction.abbreviate(token) + "]";
    }
}
