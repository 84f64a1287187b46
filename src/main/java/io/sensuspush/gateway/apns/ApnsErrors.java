package io.sensuspush.gateway.apns;

import io.sensuspush.gateway.DeliveryResult;

import java.time.Instant;
import java.util.Optional;

/**
 * Maps an APNs rejection (HTTP status and the {@code reason} of its JSON body) to a {@link DeliveryResult},
 * following Apple's table of status codes and reasons.
 */
final class ApnsErrors {
    private ApnsErrors() {
    }

    static DeliveryResult classify(int status, Optional<String> reason, Optional<Instant> tokenInvalidSince) {
        String r = reason.orElse("");
        String what = "APNs " + status + (r.isEmpty() ? "" : " " + r);
        return switch (r) {
            // The device token will never work again (app uninstalled, token from another app or environment).
            case "Unregistered", "BadDeviceToken", "DeviceTokenNotForTopic", "ExpiredToken" -> new DeliveryResult.DeadToken(
                    tokenInvalidSince.map(t -> what + " (invalid since " + t + ")").orElse(what));
            // Our provider token or certificate is not accepted: configuration, not this message.
            case "InvalidProviderToken", "ExpiredProviderToken", "MissingProviderToken", "BadCertificate",
                 "BadCertificateEnvironment", "Forbidden" -> new DeliveryResult.Refused(what);
            case "TooManyRequests", "TooManyProviderTokenUpdates", "InternalServerError", "ServiceUnavailable",
                 "Shutdown", "IdleTimeout" -> new DeliveryResult.RetryLater(null, what);
            default -> byStatus(status, what);
        };
    }

    private static DeliveryResult byStatus(int status, String what) {
        if (status == 410) {
            return new DeliveryResult.DeadToken(what);
        }
        if (status == 429 || status / 100 == 5) {
            return new DeliveryResult.RetryLater(null, what);
        }
        if (status == 403) {
            return new DeliveryResult.Refused(what);
        }
        // PayloadTooLarge, BadTopic, TopicDisallowed, MissingTopic, BadPriority, BadExpirationDate,
        // InvalidPushType, PayloadEmpty, BadMessageId, BadCollapseId, BadPath, …: the request is wrong.
        return new DeliveryResult.BadMessage(what);
    }
}
