package io.sensuspush.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.UpdateEntry;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a mailbox and the pushes a service received against what {@link ExampleStudy} says a correct
 * pass must do. Pushes are given as (platform format, device handle, the app-visible fields).
 */
final class StudyOutcome {
    /** One received push, reduced to what the app sees: the contract's string fields. */
    record Received(Format platform, String handle, Map<String, String> fields) {
    }

    private StudyOutcome() {
    }

    static void assertMailbox(ObjectStore store, ExampleStudy.Expected expected, Map<String, TokenFile> tokensBefore) {
        Mailbox mailbox = new Mailbox(store, 16);
        // Requests: exactly the due (unacknowledged) and waiting ones remain.
        assertThat(mailbox.listRequests()).extracting(StoredObject::key)
                .containsExactlyInAnyOrderElementsOf(expected.remainingRequests());
        // Token files are never touched.
        assertThat(mailbox.readTokens().byDevice()).isEqualTo(tokensBefore);
        // Updates: old unread files of devices with a token stay; of token-less devices they are gone;
        // each device with packed updates has exactly one new file holding exactly them.
        Map<String, List<String>> files = mailbox.listUpdateFiles();
        Set<String> all = files.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(all).containsAll(expected.remainingOldUpdateFiles());
        assertThat(all).doesNotContainAnyElementsOf(expected.deletedOldUpdateFiles());
        Map<String, Set<String>> newIds = new HashMap<>();
        for (String key : all) {
            if (expected.remainingOldUpdateFiles().contains(key)) {
                continue;
            }
            String device = key.substring(Mailbox.UPDATES.length(), key.lastIndexOf('/'));
            assertThat(newIds).as("one new updates file per device").doesNotContainKey(device);
            List<UpdateEntry> entries = ContractJson.parseUpdates(key, store.get(key).orElseThrow());
            newIds.put(device, entries.stream().map(UpdateEntry::id).collect(Collectors.toSet()));
        }
        assertThat(newIds).isEqualTo(expected.newUpdateIdsByDevice());
        // Broken files are moved aside with a reason.
        Set<String> rejected = new HashSet<>();
        store.list(Mailbox.REJECTED).forEach(o -> rejected.add(o.key()));
        for (String key : expected.rejected()) {
            assertThat(rejected).contains(Mailbox.REJECTED + key, Mailbox.REJECTED + key + ".reason.json");
        }
    }

    static void assertPushes(List<Received> pushes, ExampleStudy.Expected expected, Map<String, TokenFile> tokens) {
        Map<String, String> deviceByHandle = new HashMap<>();
        tokens.forEach((device, t) -> deviceByHandle.put(t.token(), device));

        for (Received p : pushes) {
            assertThat(p.fields().keySet()).containsExactlyInAnyOrder(
                    "id", "protocol", "backend-key", "update", "title", "body", "sound");
            assertThat(p.fields().values()).doesNotContainNull();
            assertThat(p.fields().get("update")).isIn("true", "false");
            TokenFile token = tokens.get(deviceByHandle.get(p.handle()));
            assertThat(token).as("pushed to a known token").isNotNull();
            assertThat(p.platform()).isEqualTo(token.format());
            assertThat(p.fields().get("protocol")).isEqualTo(token.protocol());
        }
        List<Received> user = pushes.stream().filter(p -> p.fields().get("update").equals("false")).toList();
        List<Received> updates = pushes.stream().filter(p -> p.fields().get("update").equals("true")).toList();

        Set<String> expectedKeys = expected.userPushes().keySet().stream().map(Mailbox::backendKeyOf).collect(Collectors.toSet());
        List<String> keys = user.stream().map(p -> p.fields().get("backend-key")).filter(k -> !k.isEmpty()).toList();
        assertThat(keys).as("one push per due request").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(user.stream().filter(p -> p.fields().get("backend-key").isEmpty()).count())
                .isEqualTo(expected.unacknowledgeablePushes().size());
        for (Received p : user) {
            assertThat(p.fields().get("title")).isEqualTo(p.fields().get("backend-key").isEmpty() ? "Hello" : "Survey");
            assertThat(p.fields().get("sound")).isEqualTo("default");
        }

        assertThat(updates).extracting(p -> deviceByHandle.get(p.handle()))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected.updateNotifiedDevices());
        for (Received p : updates) {
            assertThat(p.fields().get("backend-key")).isEmpty();
            assertThat(p.fields().get("title")).isEmpty();
            assertThat(p.fields().get("body")).isEmpty();
            assertThat(p.fields().get("sound")).isEmpty();
        }
    }

    /** The app-visible fields of an APNs payload: top-level strings and the aps alert/sound. */
    static Map<String, String> apnsFields(JsonNode body) {
        Map<String, String> f = new HashMap<>();
        for (String k : List.of("id", "protocol", "backend-key", "update")) {
            f.put(k, text(body.get(k)));
        }
        JsonNode aps = body.get("aps");
        assertThat(aps.get("content-available").asInt()).isEqualTo(1);
        f.put("title", text(aps.get("alert").get("title")));
        f.put("body", text(aps.get("alert").get("body")));
        f.put("sound", text(aps.get("sound")));
        return f;
    }

    /** The FCM data map; every value must be a string. */
    static Map<String, String> dataFields(JsonNode data) {
        Map<String, String> f = new HashMap<>();
        data.fields().forEachRemaining(e -> f.put(e.getKey(), text(e.getValue())));
        return f;
    }

    private static String text(JsonNode n) {
        assertThat(n).as("field present").isNotNull();
        assertThat(n.isTextual()).as("field is a string: " + n).isTrue();
        return n.asText();
    }
}
