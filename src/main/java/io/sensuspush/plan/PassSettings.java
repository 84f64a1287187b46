package io.sensuspush.plan;

import java.time.Duration;

/**
 * The knobs of a pass.
 *
 * @param lead           push this long before a request's {@code time} (cron used 6 minutes)
 * @param repushInterval push an unacknowledged request, or a device's unread-updates notification, at most
 *                       this often; {@link Duration#ZERO} pushes on every pass like the old backend
 */
public record PassSettings(Duration lead, Duration repushInterval) {
    /** A failed request is given up a day after it was due. */
    public static final long EXPIRY_SECONDS = 86_400;

    public PassSettings {
        if (lead.isNegative() || repushInterval.isNegative()) {
            throw new IllegalArgumentException("lead and repush interval must not be negative");
        }
    }
}
