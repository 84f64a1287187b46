package io.sensuspush.gateway.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.RetryAfter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps an FCM HTTP v1 answer to a {@link DeliveryResult}. FCM errors are Google API errors,
 * {@code {"error":{"code":404,"message":…,"status":"NOT_FOUND","details":[{"@type":
 * "type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}}; the FcmError
 * code says what to do, the HTTP status is the fallback.
 */
final class FcmErrors {
    static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    /** Firebase asks senders to back off at least a minute on QUOTA_EXCEEDED without Retry-After. */
    static final Duration QUOTA_BACKOFF = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE_CHARS = 200;

    private FcmErrors() {
    }

    static DeliveryResult classify(int status, byte[] body, Optional<String> retryAfterHeader, Instant now) {
        if (status / 100 == 2) {
            return DeliveryResult.DELIVERED;
        }
        JsonNode error = parse(body).path("error");
        String code = fcmErrorCode(error);
        String apiStatus = error.path("status").asText("");
        String message = shorten(error.path("message").asText(""));
        String what = "FCM " + status + " " + (code != null ? code : apiStatus.isEmpty() ? "error" : apiStatus)
                + (message.isEmpty() ? "" : ": " + message);
        Duration retryAfter = RetryAfter.parse(retryAfterHeader.orElse(null), now);

        if (code != null) {
            switch (code) {
                case "UNREGISTERED", "SENDER_ID_MISMATCH" -> {
                    return new DeliveryResult.DeadToken(what);
                }
                case "QUOTA_EXCEEDED" -> {
                    return new DeliveryResult.RetryLater(retryAfter != null ? retryAfter : QUOTA_BACKOFF, what);
                }
                case "UNAVAILABLE", "INTERNAL" -> {
                    return new DeliveryResult.RetryLater(retryAfter, what);
                }
                case "THIRD_PARTY_AUTH_ERROR" -> {
                    return new DeliveryResult.Refused(what);
                }
                case "INVALID_ARGUMENT" -> {
                    return isInvalidToken(error) ? new DeliveryResult.DeadToken(what) : new DeliveryResult.BadMessage(what);
                }
                default -> {
                    // an FcmError code we do not know: fall back on the HTTP status
                }
            }
        }
        if (status == 400) {
            return isInvalidToken(error) ? new DeliveryResult.DeadToken(what) : new DeliveryResult.BadMessage(what);
        }
        if (status == 429) {
            return new DeliveryResult.RetryLater(retryAfter != null ? retryAfter : QUOTA_BACKOFF, what);
        }
        if (status == 408 || status / 100 == 5) {
            return new DeliveryResult.RetryLater(retryAfter, what);
        }
        if (status == 413) {
            return new DeliveryResult.BadMessage(what);
        }
        // 401/403 (credentials, permissions), 404 without UNREGISTERED (wrong project or endpoint) and
        // anything unexpected are about our configuration, not this message.
        return new DeliveryResult.Refused(what);
    }

    /** The FcmError code among the error's details, or null. */
    private static String fcmErrorCode(JsonNode error) {
        for (JsonNode d : error.path("details")) {
            if (FCM_ERROR_TYPE.equals(d.path("@type").asText()) && d.hasNonNull("errorCode")) {
                return d.path("errorCode").asText();
            }
        }
        return null;
    }

    /**
     * INVALID_ARGUMENT about the registration token itself (malformed or not an FCM token) means the token
     * will never work; FCM says so in the message or with a field violation on {@code message.token}.
     */
    private static boolean isInvalidToken(JsonNode error) {
        if (error.path("message").asText("").toLowerCase(Locale.ROOT).contains("registration token")) {
            return true;
        }
        for (JsonNode d : error.path("details")) {
            for (JsonNode v : d.path("fieldViolations")) {
                if ("message.token".equals(v.path("field").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? ContractJson.MAPPER.missingNode() : ContractJson.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return ContractJson.MAPPER.missingNode();
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
