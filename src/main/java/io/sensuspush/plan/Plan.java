package io.sensuspush.plan;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.UpdateEntry;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one pass must do, in the order it must be done so that a pass cut short anywhere leaves a
 * mailbox the next pass finishes the same way:
 * <ol>
 *   <li>{@link #rejections}: move broken request files aside;</li>
 *   <li>{@link #firstDeletions}: empty and obsolete files, so no older twin can become current later;</li>
 *   <li>{@link #newUpdateFiles}: write each, then delete the requests it packed;</li>
 *   <li>{@link #laterDeletions}: expired and stale current requests;</li>
 *   <li>{@link #userPushes} and {@link #updatePushes}; {@link #updateFileDeletions} for token-less devices.</li>
 * </ol>
 *
 * @param waiting       current requests not due yet (their due instant is {@code time - lead})
 * @param pacedPushes   pushes due but skipped because the same thing was pushed within the re-push interval
 * @param nextDueEpochSecond when the soonest waiting request becomes due ({@code time - lead}), or a paced
 *                      push becomes eligible again, if any
 * @param heldForDeadTokens due pushes not sent because the device's token was declared dead (they wait for
 *                      the app to register a new token, and expire as usual)
 * @param pacedRequests due user-facing requests held back by the re-push interval (pushed before, not yet
 *                      acknowledged); with {@link #userPushes} these are all requests due and outstanding
 */
public record Plan(
        List<Rejection> rejections,
        List<Deletion> firstDeletions,
        List<NewUpdateFile> newUpdateFiles,
        List<Deletion> laterDeletions,
        List<UserPush> userPushes,
        List<UpdatePush> updatePushes,
        List<UpdateFileDeletion> updateFileDeletions,
        List<PushRequest> waiting,
        int pacedPushes,
        OptionalLong nextDueEpochSecond,
        int heldForDeadTokens,
        List<PushRequest> pacedRequests) {

    /** Delete a request file. */
    public record Deletion(String key, DeleteReason reason) {
    }

    /** Move a broken request file aside, keeping it for people to see. */
    public record Rejection(String key, String reason) {
    }

    /**
     * Push a user-facing notification for a due request; the request stays until the app acknowledges
     * it, unless {@code deleteAfterPush} (its backend key is not a GUID, so the app cannot).
     */
    public record UserPush(String key, PushRequest request, TokenFile token, boolean deleteAfterPush) {
    }

    /** Write one new updates file for a device; once stored, delete {@code packedRequestKeys}. */
    public record NewUpdateFile(String device, List<UpdateEntry> entries, List<String> packedRequestKeys) {
    }

    /** Tell a device it has unread updates. */
    public record UpdatePush(String device, TokenFile token) {
    }

    /** Delete the update files of a device that has no token any more. */
    public record UpdateFileDeletion(String device, List<String> keys) {
    }
}
