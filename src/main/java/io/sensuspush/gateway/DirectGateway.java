package io.sensuspush.gateway;

import io.sensuspush.contract.Notification;

/**
 * Delivers straight to the platforms' own services, without Azure: {@code gcm} targets through FCM,
 * {@code apple} targets through APNs. Either may be left unconfigured (a study with only Android phones);
 * a target for a platform without credentials is then {@link DeliveryResult.Refused}.
 */
public final class DirectGateway implements Gateway {
    private final Gateway fcm;
    private final Gateway apns;

    /** @param fcm the FCM gateway, or null; @param apns the APNs gateway, or null */
    public DirectGateway(Gateway fcm, Gateway apns) {
        if (fcm == null && apns == null) {
            throw new IllegalArgumentException("the direct gateway needs FCM (--fcm-service-account) "
                    + "or APNs (--apns-key or --apns-p12) credentials, or both");
        }
        this.fcm = fcm;
        this.apns = apns;
    }

    @Override
    public String name() {
        return "direct";
    }

    /** "direct(fcm+apns)", "direct(fcm)", … for start-up messages. */
    public String description() {
        return "direct(" + (fcm != null ? fcm.name() : "") + (fcm != null && apns != null ? "+" : "")
                + (apns != null ? apns.name() : "") + ")";
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        return switch (target.format()) {
            case GCM -> fcm != null ? fcm.deliver(target, notification)
                    : new DeliveryResult.Refused("no FCM credentials configured (--fcm-service-account) for gcm device "
                    + target.device());
            case APPLE -> apns != null ? apns.deliver(target, notification)
                    : new DeliveryResult.Refused("no APNs credentials configured (--apns-key with --apns-key-id, "
                    + "--apns-team-id and --apns-topic, or --apns-p12) for apple device " + target.device());
        };
    }

    @Override
    public void close() {
        try (Gateway a = apns; Gateway f = fcm) {
            // try-with-resources closes both (null-safe), the second even if the first fails
        }
    }
}
