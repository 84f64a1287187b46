package io.sensuspush.pass;

import io.sensuspush.plan.DeleteReason;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one pass did, counted.
 *
 * @param pushed              user-facing notifications the gateway accepted
 * @param updateNotifications "you have unread updates" notifications the gateway accepted
 * @param packed              update requests stored in updates files (and deleted)
 * @param deleted             request files deleted, by reason (packed included)
 * @param updateFilesDeleted  update files of token-less devices deleted
 * @param waiting             current requests not due yet
 * @param paced               due pushes held back by the re-push interval
 * @param retryLater          pushes the service asked to retry (left for a later pass)
 * @param deadTokens          pushes refused because the device token is dead
 * @param badMessages         pushes refused as malformed (not retried)
 * @param refused             pushes refused for our credentials or configuration
 * @param rejected            broken files moved aside to {@code rejected/}
 * @param heldForDeadTokens   due pushes not sent because the device's token is known to be dead
 */
public record PassSummary(
        Instant now,
        int pushed,
        int updateNotifications,
        int packed,
        Map<DeleteReason, Integer> deleted,
        int updateFilesDeleted,
        int waiting,
        int paced,
        int retryLater,
        int deadTokens,
        int badMessages,
        int refused,
        int rejected,
        Duration duration,
        int heldForDeadTokens) {

    /** Pushes that did not go through this pass, for whatever reason. */
    public int failed() {
        return retryLater + deadTokens + badMessages + refused;
    }

    public int deletedTotal() {
        return deleted.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line for people and cron mail. */
    public String oneLine() {
        StringJoiner reasons = new StringJoiner(", ", " (", ")");
        reasons.setEmptyValue("");
        for (DeleteReason r : DeleteReason.values()) {
            int n = deleted.getOrDefault(r, 0);
            if (n > 0) {
                reasons.add(r.label() + " " + n);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("pass at ").append(now)
                .append(": pushed ").append(pushed)
                .append(", update notifications ").append(updateNotifications)
                .append(", packed ").append(packed)
                .append(", deleted ").append(deletedTotal()).append(reasons)
                .append(", waiting ").append(waiting)
                .append(", paced ").append(paced)
                .append(", failed ").append(failed());
        if (failed() > 0) {
            sb.append(" (retry later ").append(retryLater)
                    .append(", dead token ").append(deadTokens)
                    .append(", bad message ").append(badMessages)
                    .append(", refused ").append(refused).append(')');
        }
        if (updateFilesDeleted > 0) {
            sb.append(", update files deleted ").append(updateFilesDeleted);
        }
        if (heldForDeadTokens > 0) {
            sb.append(", held for dead tokens ").append(heldForDeadTokens);
        }
        if (rejected > 0) {
            sb.append(", rejected ").append(rejected);
        }
        sb.append(", in ").append(String.format(java.util.Locale.ROOT, "%.2fs", duration.toNanos() / 1e9));
        return sb.toString();
    }

    static Map<DeleteReason, Integer> emptyCounts() {
        return new EnumMap<>(DeleteReason.class);
    }
}
