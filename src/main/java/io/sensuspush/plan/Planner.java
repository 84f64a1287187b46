package io.sensuspush.plan;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.UpdateEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides one backend pass (contract §2) from what was read. Pure: no I/O, no clock, no randomness;
 * the same input always gives the same plan.
 */
public final class Planner {

    /**
     * Newest creation time first; on a tie the larger key first, so the choice is stable (the old
     * script's reverse sort of "time path" lines broke ties the same way).
     */
    static final Comparator<RequestFile.Valid> NEWEST_FIRST = Comparator
            .comparingLong((RequestFile.Valid v) -> v.request().creationTime()).reversed()
            .thenComparing(RequestFile.Valid::key, Comparator.reverseOrder());

    private Planner() {
    }

    public static Plan plan(PassInput in) {
        long now = in.now().getEpochSecond();
        long lead = in.settings().lead().toSeconds();
        Duration repush = in.settings().repushInterval();

        List<Plan.Rejection> rejections = new ArrayList<>();
        List<Plan.Deletion> first = new ArrayList<>();
        List<Plan.Deletion> later = new ArrayList<>();
        List<Plan.UserPush> userPushes = new ArrayList<>();
        List<PushRequest> waiting = new ArrayList<>();
        List<PushRequest> pacedRequests = new ArrayList<>();
        // device -> (entries, packed keys), in a stable order
        Map<String, List<UpdateEntry>> packedEntries = new TreeMap<>();
        Map<String, List<String>> packedKeys = new TreeMap<>();
        long nextDue = Long.MAX_VALUE;
        int paced = 0;
        int heldDead = 0;

        List<RequestFile.Valid> valid = new ArrayList<>();
        for (RequestFile f : in.requests()) {
            switch (f) {
                case RequestFile.Empty e -> first.add(new Plan.Deletion(e.key(), DeleteReason.EMPTY));
                case RequestFile.Invalid bad -> rejections.add(new Plan.Rejection(bad.key(), bad.reason()));
                case RequestFile.Valid v -> valid.add(v);
            }
        }
        valid.sort(NEWEST_FIRST);

        Set<String> seenIds = new HashSet<>();
        for (RequestFile.Valid v : valid) {
            PushRequest r = v.request();
            if (!seenIds.add(r.id())) {
                first.add(new Plan.Deletion(v.key(), DeleteReason.OBSOLETE));
                continue;
            }
            long until = r.time() - (now + lead);
            if (until <= -PassSettings.EXPIRY_SECONDS) {
                later.add(new Plan.Deletion(v.key(), DeleteReason.EXPIRED));
                continue;
            }
            if (until > 0) {
                waiting.add(r);
                nextDue = Math.min(nextDue, r.time() - lead);
                continue;
            }
            TokenFile token = in.tokens().get(r.device());
            if (token == null || !token.hasToken()) {
                later.add(new Plan.Deletion(v.key(), DeleteReason.STALE));
                continue;
            }
            if (!r.isUpdate() && in.history().isDead(token)) {
                heldDead++;
                continue;
            }
            if (r.isUpdate()) {
                packedEntries.computeIfAbsent(r.device(), d -> new ArrayList<>())
                        .add(new UpdateEntry(r.id(), r.update().type(), r.update().content()));
                packedKeys.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(v.key());
                continue;
            }
            Instant eligible = nextEligible(in.history(), PushHistory.requestKey(r.backendKey()), repush);
            if (eligible != null && eligible.isAfter(in.now())) {
                paced++;
                pacedRequests.add(r);
                nextDue = Math.min(nextDue, ceilSeconds(eligible));
                continue;
            }
            userPushes.add(new Plan.UserPush(v.key(), r, token, !r.hasGuidBackendKey()));
        }

        List<Plan.NewUpdateFile> newFiles = new ArrayList<>();
        for (var e : packedEntries.entrySet()) {
            newFiles.add(new Plan.NewUpdateFile(e.getKey(), List.copyOf(e.getValue()), List.copyOf(packedKeys.get(e.getKey()))));
        }

        // Every device with update files, new or still unread, gets an update notification (or, without a token,
        // its files are deleted).
        Set<String> devicesWithUpdates = new TreeSet<>(packedEntries.keySet());
        in.updateFiles().forEach((device, keys) -> {
            if (!keys.isEmpty()) {
                devicesWithUpdates.add(device);
            }
        });
        List<Plan.UpdatePush> updatePushes = new ArrayList<>();
        List<Plan.UpdateFileDeletion> updateFileDeletions = new ArrayList<>();
        for (String device : devicesWithUpdates) {
            TokenFile token = in.tokens().get(device);
            if (token == null || !token.hasToken()) {
                List<String> keys = in.updateFiles().getOrDefault(device, List.of());
                if (!keys.isEmpty()) {
                    updateFileDeletions.add(new Plan.UpdateFileDeletion(device, List.copyOf(keys)));
                }
                continue;
            }
            if (in.history().isDead(token)) {
                heldDead++;
                continue;
            }
            // New content is announced at once; unread old content only once per re-push interval.
            if (!packedEntries.containsKey(device)) {
                Instant eligible = nextEligible(in.history(), PushHistory.updatesKey(device), repush);
                if (eligible != null && eligible.isAfter(in.now())) {
                    paced++;
                    nextDue = Math.min(nextDue, ceilSeconds(eligible));
                    continue;
                }
            }
            updatePushes.add(new Plan.UpdatePush(device, token));
        }

        return new Plan(
                List.copyOf(rejections),
                List.copyOf(first),
                List.copyOf(newFiles),
                List.copyOf(later),
                List.copyOf(userPushes),
                List.copyOf(updatePushes),
                List.copyOf(updateFileDeletions),
                List.copyOf(waiting),
                paced,
                nextDue == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(nextDue),
                heldDead,
                List.copyOf(pacedRequests));
    }

    private static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    private static Instant nextEligible(PushHistory history, String key, Duration repush) {
        if (repush.isZero()) {
            return null;
        }
        Instant last = history.lastPushed(key);
        return last == null ? null : last.plus(repush);
    }

}
