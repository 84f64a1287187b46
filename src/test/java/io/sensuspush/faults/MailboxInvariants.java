package io.sensuspush.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.ContractException;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.UpdateEntry;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The crash-safety invariant: after a pass cut short anywhere and one more complete pass, the mailbox and the
 * pushes sent (by both passes together) are what {@link ExampleStudy} says one correct pass gives, except that
 * an update entry may be stored more than once (the app keeps one per id) and a push may have been sent more
 * than once. Returns what was lost or wrong, one line each; empty when nothing was.
 */
final class MailboxInvariants {
    /** One push as the app would see it: to which device, the backend key, and whether it announces updates. */
    record Push(String device, String backendKey, boolean update) {
        /** From a {@code log} gateway line: {@code {"gateway":"log","device",…,"payload":{…}}}. */
        static Push fromLogLine(String line) {
            JsonNode n = ContractJson.parse("log line", line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode payload = n.get("payload");
            JsonNode fields = payload.has("message") ? payload.get("message").get("data") : payload;
            return new Push(n.get("device").asText(), fields.get("backend-key").asText(),
                    Boolean.parseBoolean(fields.get("update").asText()));
        }
    }

    private MailboxInvariants() {
    }

    static List<String> violations(ObjectStore store, ExampleStudy.Expected expected,
                                   Map<String, TokenFile> tokensBefore, Collection<Push> pushes) {
        List<String> problems = new ArrayList<>();
        Mailbox mailbox = new Mailbox(store, 8);

        // Requests: waiting and due-unacknowledged ones still there; nothing else (obsolete, expired, empty,
        // stale, packed and unacknowledgeable ones gone; broken ones moved aside).
        Set<String> requests = mailbox.listRequests().stream().map(StoredObject::key).collect(Collectors.toSet());
        difference(expected.remainingRequests(), requests).forEach(k -> problems.add("LOST request " + k));
        difference(requests, expected.remainingRequests()).forEach(k -> problems.add("left over request " + k));

        if (!mailbox.readTokens().byDevice().equals(tokensBefore)) {
            problems.add("token files changed");
        }

        // Updates: every packed entry is in some updates file of its device (duplicates allowed), no other entry.
        Map<String, List<String>> files = mailbox.listUpdateFiles();
        Set<String> all = files.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        difference(expected.remainingOldUpdateFiles(), all).forEach(k -> problems.add("LOST unread updates file " + k));
        expected.deletedOldUpdateFiles().stream().filter(all::contains)
                .forEach(k -> problems.add("updates file of a token-less device left over: " + k));
        Map<String, Set<String>> ids = new HashMap<>();
        for (String key : all) {
            if (expected.remainingOldUpdateFiles().contains(key)) {
                continue;
            }
            String device = key.substring(Mailbox.UPDATES.length(), key.lastIndexOf('/'));
            try {
                for (UpdateEntry e : ContractJson.parseUpdates(key, store.get(key).orElseThrow())) {
                    ids.computeIfAbsent(device, d -> new TreeSet<>()).add(e.id());
                }
            } catch (ContractException e) {
                problems.add("unreadable updates file: " + e.getMessage());
            }
        }
        Set<String> devices = new HashSet<>(ids.keySet());
        devices.addAll(expected.newUpdateIdsByDevice().keySet());
        for (String device : devices) {
            Set<String> want = expected.newUpdateIdsByDevice().getOrDefault(device, Set.of());
            Set<String> got = ids.getOrDefault(device, Set.of());
            difference(want, got).forEach(id -> problems.add("LOST update entry " + id + " of device " + device));
            difference(got, want).forEach(id -> problems.add("unexpected update entry " + id + " of device " + device));
        }

        // Broken files moved aside, with their reason.
        Set<String> rejected = store.list(Mailbox.REJECTED).stream().map(StoredObject::key).collect(Collectors.toSet());
        for (String key : expected.rejected()) {
            if (!rejected.contains(Mailbox.REJECTED + key) || !rejected.contains(Mailbox.REJECTED + key + ".reason.json")) {
                problems.add("LOST rejected file " + key + " (or its reason)");
            }
        }

        // Pushes: every due request pushed at least once, every device with updates told at least once.
        Set<String> pushedKeys = pushes.stream().filter(p -> !p.update()).map(Push::backendKey).collect(Collectors.toSet());
        for (String key : expected.userPushes().keySet()) {
            if (!pushedKeys.contains(Mailbox.backendKeyOf(key))) {
                problems.add("LOST push of request " + key);
            }
        }
        if (!expected.unacknowledgeablePushes().isEmpty() && !pushedKeys.contains("")) {
            problems.add("LOST push of the unacknowledgeable requests");
        }
        Set<String> told = pushes.stream().filter(Push::update).map(Push::device).collect(Collectors.toSet());
        difference(expected.updateNotifiedDevices(), told).forEach(d -> problems.add("LOST update notification to " + d));
        return problems;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
