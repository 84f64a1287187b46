package io.sensuspush.gateway.azure;

import io.sensuspush.contract.Redaction;
import io.sensuspush.gateway.DeliveryResult;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Notification Hubs direct-send answer means for the notification. Azure's own SDKs
 * treat 403 (quota), 408, 429, 500, 502, 503 and 504 as transient; 410 means the hub knows the
 * device handle is gone for good.
 */
final class AzureResponses {
    private static final int MAX_REASON = 300;
    private static final Pattern DETAIL = Pattern.compile("<Detail>(.*?)</Detail>", Pattern.DOTALL);

    private AzureResponses() {
    }

    /**
     * @param body        the response body (Azure's {@code <Error><Code/><Detail/></Error>} on failure)
     * @param retryAfter  the parsed {@code Retry-After}, or null
     * @param deviceToken replaced by its abbreviation wherever the hub echoes it
     */
    static DeliveryResult classify(int status, String body, Duration retryAfter, String hub, String deviceToken) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.DELIVERED;
        }
        String reason = reason(body, deviceToken);
        String said = reason.isEmpty() ? "" : ": " + reason;
        return switch (status) {
            case 400, 413 -> new DeliveryResult.BadMessage("hub refused the notification (" + status + ")" + said);
            case 401 -> new DeliveryResult.Refused("hub rejected the SAS token: check key name/key (401)" + said);
            case 403 -> reason.toLowerCase(Locale.ROOT).contains("quota")
                    ? new DeliveryResult.RetryLater(retryAfter, "hub quota exceeded (403)" + said)
                    : new DeliveryResult.Refused("hub refused access (403)" + said);
            case 404 -> new DeliveryResult.Refused("hub \"" + hub + "\" not found: check namespace/hub name (404)" + said);
            case 410 -> new DeliveryResult.DeadToken("hub says the device handle is gone (410)" + said);
            case 408, 429, 500, 502, 503, 504 ->
                    new DeliveryResult.RetryLater(retryAfter, "hub temporarily unavailable (" + status + ")" + said);
            default -> status >= 500
                    ? new DeliveryResult.RetryLater(retryAfter, "hub failed (" + status + ")" + said)
                    : new DeliveryResult.Refused("hub answered " + status + said);
        };
    }

    /** Azure's {@code <Detail>} text (or the whole body), on one line, short, without the device token. */
    static String reason(String body, String deviceToken) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Matcher m = DETAIL.matcher(body);
        String text = (m.find() ? m.group(1) : body).strip().replaceAll("\\s+", " ");
        if (deviceToken != null && deviceToken.length() > 3) {
            text = text.replace(deviceToken, Redaction.abbreviate(deviceToken));
        }
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text;
    }
}
