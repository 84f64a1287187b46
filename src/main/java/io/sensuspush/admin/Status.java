package io.sensuspush.admin;

import java.util.List;

/**
 * What {@code /api/status} answers and the status page shows: a snapshot for people. Times are ISO-8601
 * instants (UTC); device push tokens appear only abbreviated.
 *
 * @param lastSuccess   when the last successful pass finished, or null
 * @param passes        the most recent passes, newest first
 * @param pending       requests not due yet, by the hour in which they fall due, over the next 24 hours
 * @param pushesPerMinute pushes handed to the gateway per minute over the last hours, oldest first
 * @param late          due requests not acknowledged long after their time, the latest first
 * @param failing       recent pushes that failed (retry later, bad message, refused), newest first
 * @param deadTokens    devices whose push token the push service declared dead
 * @param rejected      broken request files moved aside, newest first
 */
public record Status(
        String generatedAt,
        String startedAt,
        String gateway,
        String store,
        long intervalSeconds,
        long leadSeconds,
        boolean ready,
        String lastSuccess,
        Totals totals,
        Requests requests,
        List<Pass> passes,
        List<PendingHour> pending,
        List<MinuteCount> pushesPerMinute,
        List<Late> late,
        List<Failure> failing,
        List<DeadTokenDevice> deadTokens,
        Rejected rejected) {

    /** Counts since the process started. */
    public record Totals(long passes, long failedPasses, long pushed, long updateNotifications, long pushFailures,
                         long deadTokens, long rejectedFiles) {
    }

    /** Where the current requests stand, as of the last plan. */
    public record Requests(int waiting, int due, int late, int dueInNext24Hours) {
    }

    /** One pass; {@code error} is null when it succeeded. */
    public record Pass(String at, long durationMillis, boolean ok, int pushed, int updateNotifications, int packed,
                       int deleted, int waiting, int paced, int failed, int rejected, String error) {
    }

    /** Requests falling due in the hour starting at {@code from}. */
    public record PendingHour(String from, int count) {
    }

    /** Pushes in the minute starting at {@code minute}. */
    public record MinuteCount(String minute, int delivered, int failed) {
    }

    /** A due request the app has not acknowledged. */
    public record Late(String backendKey, String device, String platform, String time, long minutesLate) {
    }

    /** A push that did not go through. */
    public record Failure(String at, String device, String platform, String kind, String outcome, String reason) {
    }

    /** A device whose token is dead; {@code token} is abbreviated. */
    public record DeadTokenDevice(String device, String platform, String token, String reason, String at) {
    }

    /** Rejected files: how many since start, and the most recent with their reasons. */
    public record Rejected(long total, List<RejectedFile> files) {
    }

    public record RejectedFile(String key, String reason, String at) {
    }
}
