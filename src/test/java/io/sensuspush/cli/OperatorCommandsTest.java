package io.sensuspush.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.store.Mailbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands end to end through {@link Main}, against a real store (subclasses choose which): the
 * request files they write, byte for byte where the contract fixes them, and the pipelines they form.
 */
abstract class OperatorCommandsTest extends OperatorCommandsTestBase {

    // ---------------------------------------------------------------- devices

    @Test
    void devicesListsTokenFilesSortedAndReportsUnreadableOnes() {
        threeDevices();
        store().put(Mailbox.tokenKey("broken"), "{not json".getBytes(StandardCharsets.UTF_8));
        token("0-no-token", P1, Format.APPLE, "");

        Run r = run("", "devices");

        assertThat(r.code()).isZero();
        assertThat(r.outLines()).containsExactly( // sorted by device id
                describe() + "\t" + APPLE_DEV + "\t" + P1 + "\tapple",
                describe() + "\t" + GCM_DEV + "\t" + P1 + "\tgcm",
                describe() + "\t" + OTHER_DEV + "\t" + P2 + "\tgcm");
        assertThat(r.err()).contains("tokens/broken.json").contains("not valid JSON")
                .contains("0-no-token").contains("no push token");
    }

    @Test
    void devicesFiltersAndPrintsJsonLines() {
        threeDevices();
        assertThat(run("", "devices", "--platform", "gcm", "--protocol", P1).outLines())
                .containsExactly(describe() + "\t" + GCM_DEV + "\t" + P1 + "\tgcm");
        List<String> lines = run("", "devices", "--json", "--platform", "apple").outLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).isEqualTo("{\"store\":" + json("\"" + describe().replace("\\", "\\\\") + "\"")
                + ",\"device\":\"" + APPLE_DEV + "\",\"protocol\":\"" + P1 + "\",\"format\":\"apple\"}");
        Run bad = run("", "devices", "--platform", "windows");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--platform \"windows\": expected apple or gcm");
    }

    // ---------------------------------------------------------------- message

    @Test
    void devicesPipedIntoMessageWritesOneContractRequestPerDevice() {
        threeDevices();
        String devices = run("", "devices").out();

        Run r = run(devices, "message", "--title", "Survey", "--body", "Please answer");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("Wrote 3 message requests to " + describe() + ".\n");
        Map<String, byte[]> files = requestFiles();
        assertThat(files).hasSize(3);
        Set<String> devicesSeen = new HashSet<>();
        for (var e : files.entrySet()) {
            String key = e.getKey();
            assertThat(key).matches(UUID_RE);
            PushRequest p = io.sensuspush.contract.ContractJson.parseRequest(key, key, e.getValue());
            devicesSeen.add(p.device());
            String protocol = p.device().equals(OTHER_DEV) ? P2 : P1;
            String format = p.device().equals(APPLE_DEV) ? "apple" : "gcm";
            // byte for byte: contract field order, the file name as id, now as creation time and time
            assertThat(text(e.getValue())).isEqualTo("{\"id\":\"" + key + "\",\"device\":\"" + p.device()
                    + "\",\"protocol\":\"" + protocol + "\",\"title\":\"Survey\",\"body\":\"Please answer\","
                    + "\"sound\":\"default\",\"format\":\"" + format + "\",\"creation-time\":" + NOW_S
                    + ",\"time\":" + NOW_S + "}");
            assertThat(r.out()).contains("requests/" + key + ".json\t" + p.device() + "\t" + key);
        }
        assertThat(devicesSeen).containsExactlyInAnyOrder(APPLE_DEV, GCM_DEV, OTHER_DEV);
    }

    @Test
    void messageWithoutSoundOmitsTheFieldAndHonoursAt() {
        threeDevices();
        Run r = run("", "message", "--device", APPLE_DEV, "--body", "Hi", "--sound", "none", "--at", "+2h");
        assertThat(r.code()).as(r.err()).isZero();
        String raw = text(requestFiles().values().iterator().next());
        assertThat(raw).doesNotContain("sound").doesNotContain("title").doesNotContain("null")
                .contains("\"body\":\"Hi\",\"format\":\"apple\",\"creation-time\":" + NOW_S + ",\"time\":" + (NOW_S + 7200) + "}");
    }

    @Test
    void messageRefusesAnOverlongBodyAndWritesNothing() {
        threeDevices();
        Run r = run("", "message", "--all-devices", "--title", "T", "--body", "x".repeat(4100));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("over the push services' limit of 4096 bytes").contains("Nothing written.")
                .doesNotContain("Exception");
        assertThat(requestFiles()).isEmpty();
    }

    @Test
    void messageRefusesBadOptionsAndPastTimes() {
        threeDevices();
        assertThat(run("", "message", "--all-devices").err()).contains("give the message a --title or a --body");
        assertThat(run("", "message", "--all-devices", "--body", "b", "--sound", "loud").err())
                .contains("--sound \"loud\": expected default or none");
        Run past = run("", "message", "--all-devices", "--body", "b", "--at", "2026-02-28T12:00:00Z");
        assertThat(past.code()).isEqualTo(2);
        assertThat(past.err()).contains("in the past");
        assertThat(requestFiles()).isEmpty();
    }

    // ---------------------------------------------------------------- targeting

    @Test
    void withATerminalAndNoTargetACommandExplainsInsteadOfWaiting() {
        threeDevices();
        Run r = runAtTerminal(unreadable(), "clear-backlog");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no devices given").contains("sensus-push devices").contains("--all-devices");
        assertThat(requestFiles()).isEmpty();
    }

    @Test
    void devicesChosenByOptionsTakeProtocolAndFormatFromTokenFiles() {
        threeDevices();
        assertThat(run("", "clear-backlog", "--platform", "gcm").code()).isZero();
        assertThat(requestsByDevice()).containsOnlyKeys(GCM_DEV, OTHER_DEV);
        assertThat(requestsByDevice().get(OTHER_DEV).protocol()).isEqualTo(P2);
        assertThat(requestsByDevice().get(OTHER_DEV).format()).isEqualTo(Format.GCM);

        store().delete(requestFiles().keySet().stream().map(Mailbox::requestKey).toList());
        assertThat(run("", "clear-backlog", "--protocol", P1).code()).isZero();
        assertThat(requestsByDevice()).containsOnlyKeys(APPLE_DEV, GCM_DEV);

        store().delete(requestFiles().keySet().stream().map(Mailbox::requestKey).toList());
        assertThat(run("", "clear-backlog", "--device", OTHER_DEV, "--device", APPLE_DEV).code()).isZero();
        assertThat(requestsByDevice()).containsOnlyKeys(APPLE_DEV, OTHER_DEV);

        store().delete(requestFiles().keySet().stream().map(Mailbox::requestKey).toList());
        assertThat(run("", "clear-backlog", "--all-devices").code()).isZero();
        assertThat(requestsByDevice()).containsOnlyKeys(APPLE_DEV, GCM_DEV, OTHER_DEV);
    }

    @Test
    void unknownDeviceOrForeignStoreIsRefusedAndNothingWritten() {
        threeDevices();
        Run unknown = run("", "clear-backlog", "--device", APPLE_DEV, "--device", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("device nope has no token file in " + describe());

        Run foreign = run("s3://other-study/push-notifications\t" + APPLE_DEV + "\t" + P1 + "\tapple\n", "clear-backlog");
        assertThat(foreign.code()).isEqualTo(2);
        assertThat(foreign.err()).contains("listed from store s3://other-study/push-notifications");

        Run malformed = run(describe() + "\t" + APPLE_DEV + "\t" + P1 + "\n", "clear-backlog");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("standard input line 1: expected 4 fields");
        assertThat(requestFiles()).isEmpty();
    }

    @Test
    void targetingIsNeverTakenFromTheEnvironment() {
        threeDevices();
        Run r = run(new java.io.ByteArrayInputStream(new byte[0]), false,
                Map.of("SENSUS_PUSH_ALL_DEVICES", "true", "SENSUS_PUSH_DEVICE", APPLE_DEV), "clear-backlog");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("no devices addressed");
        assertThat(requestFiles()).isEmpty();
    }

    // ------------------------------------------------- clear-backlog and grep

    @Test
    void grepFilteredDevicesIntoClearBacklog() {
        threeDevices();
        String appleOnly = run("", "devices").outLines().stream()
                .filter(l -> l.contains("apple")).collect(Collectors.joining("\n", "", "\n")); // grep apple

        Run r = run(appleOnly, "clear-backlog");

        assertThat(r.code()).as(r.err()).isZero();
        Map<String, byte[]> files = requestFiles();
        assertThat(files).hasSize(1);
        String key = files.keySet().iterator().next();
        assertThat(text(files.get(key))).isEqualTo("{\"id\":\"" + APPLE_DEV + "-" + P1 + "-clear-pnr-backlog\","
                + "\"device\":\"" + APPLE_DEV + "\",\"protocol\":\"" + P1 + "\",\"format\":\"apple\","
                + "\"creation-time\":" + NOW_S + ",\"time\":" + NOW_S + ","
                + "\"update\":{\"type\":\"ClearPushNotificationRequestBacklog\",\"content\":{}}}");
    }

    @Test
    void spaceSeparatedHandWrittenLinesWork() {
        Run r = run(describe().contains(" ") ? describe() + "\t" + APPLE_DEV + "\t" + P1 + "\tapple\n"
                : describe() + "  " + APPLE_DEV + " " + P1 + "   apple\n", "clear-backlog");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(requestsByDevice()).containsOnlyKeys(APPLE_DEV);
    }

    // ----------------------------------------------------------------- update

    @Test
    void updateFromContentFileWithProtocolAndFormatFromTheLine(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        threeDevices();
        Path content = tmp.resolve("callback.json");
        Files.writeString(content, "{ \"callback\": \"x\", \"n\": [1, 2] }");
        String line = describe() + "\t" + GCM_DEV + "\t" + P2 + "\tgcm\n"; // protocol as listed, not as in the token

        Run r = run(line, "update", "--type", "Callback", "--content", content.toString(), "--update-id", "cb-1",
                "--at", "2026-03-01T13:00:00Z");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Wrote 1 Callback update request to");
        Map<String, byte[]> files = requestFiles();
        String key = files.keySet().iterator().next();
        assertThat(key).matches(UUID_RE);
        assertThat(text(files.get(key))).isEqualTo("{\"id\":\"" + GCM_DEV + "-" + P2 + "-cb-1\",\"device\":\"" + GCM_DEV
                + "\",\"protocol\":\"" + P2 + "\",\"format\":\"gcm\",\"creation-time\":" + NOW_S
                + ",\"time\":" + (NOW_S + 3600) + ",\"update\":{\"type\":\"Callback\","
                + "\"content\":{\"callback\":\"x\",\"n\":[1,2]}}}");
    }

    @Test
    void updateContentJsonOrEmpty() {
        threeDevices();
        assertThat(run("", "update", "--device", APPLE_DEV, "--type", "Feedback", "--update-id", "fb").code()).isZero();
        assertThat(requestsByDevice().get(APPLE_DEV).update().content().isEmpty()).isTrue();
        assertThat(run("", "update", "--device", GCM_DEV, "--type", "SensingAgentPolicy", "--update-id", "sap",
                "--content-json", "{\"a\":{\"b\":true}}").code()).isZero();
        PushRequest p = requestsByDevice().get(GCM_DEV);
        assertThat(p.update().type()).isEqualTo(UpdateType.SensingAgentPolicy);
        assertThat(p.id()).isEqualTo(GCM_DEV + "-" + P1 + "-sap");
        assertThat(p.update().content().toString()).isEqualTo("{\"a\":{\"b\":true}}");
    }

    @Test
    void updateRefusesBadInputAndWritesNothing(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        threeDevices();
        Path array = tmp.resolve("array.json");
        Files.writeString(array, "[1,2]");
        Map<List<String>, String> cases = Map.of(
                List.of("--type", "protocol", "--update-id", "x"), "unknown update type \"protocol\"",
                List.of("--type", "Protocol", "--update-id", "x", "--content", array.toString()),
                "update content must be a JSON object, not array",
                List.of("--type", "Protocol", "--update-id", "x", "--content-json", "42"),
                "update content must be a JSON object, not number",
                List.of("--type", "Protocol", "--update-id", "x", "--content-json", "{oops"), "is not valid JSON",
                List.of("--type", "Protocol", "--update-id", "x", "--content-json", "{}", "--content", array.toString()),
                "not both",
                List.of("--type", "Protocol", "--update-id", "has space"), "update id \"has space\"",
                List.of("--type", "Protocol", "--update-id", "x", "--content", tmp.resolve("missing.json").toString()),
                "cannot read --content");
        cases.forEach((args, message) -> {
            List<String> all = new java.util.ArrayList<>(List.of("update", "--all-devices"));
            all.addAll(args);
            Run r = run("", all.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err()).as(args.toString()).contains(message).contains("Nothing written.");
        });
        assertThat(requestFiles()).isEmpty();
    }

    // ---------------------------------------------------------- survey-policy

    @Test
    void surveyPolicyWritesP() {
        threeDevices();
        Run r = run("", "survey-policy", "--device", APPLE_DEV, "0.25");
        assertThat(r.code()).as(r.err()).isZero();
        String raw = text(requestFiles().values().iterator().next());
        assertThat(raw).isEqualTo("{\"id\":\"" + APPLE_DEV + "-" + P1 + "-survey-agent-policy\",\"device\":\"" + APPLE_DEV
                + "\",\"protocol\":\"" + P1 + "\",\"format\":\"apple\",\"creation-time\":" + NOW_S + ",\"time\":" + NOW_S
                + ",\"update\":{\"type\":\"SurveyAgentPolicy\",\"content\":{\"p\":0.25}}}");
    }

    @Test
    void surveyPolicyRefusesPOutsideZeroToOne() {
        threeDevices();
        for (String p : List.of("1.5", "-0.1", "abc", "NaN")) {
            Run r = run("", "survey-policy", "--all-devices", "--", p);
            assertThat(r.code()).as(p).isEqualTo(2);
            assertThat(r.err()).as(p).containsAnyOf("outside [0, 1]", "is not a number");
        }
        assertThat(run("", "survey-policy", "--all-devices", "1").code()).isZero();
        assertThat(requestsByDevice().get(APPLE_DEV).update().content().toString()).isEqualTo("{\"p\":1}");
    }

    // --------------------------------------------------------------- settings

    @Test
    void settingsFromSetWithMessage() {
        threeDevices();
        Run r = run("", "settings", "--device", APPLE_DEV,
                "--set", "Sensus.Probes.ListeningProbe:MaxDataStoresPerSecond=10",
                "--set", "Sensus.Probes.PollingProbe:PollingSleepDurationMS@Sensus.Probes.Location.PollingLocationProbe=10000",
                "--message", "Sampling changed.", "--update-id", "sampling");
        assertThat(r.code()).as(r.err()).isZero();
        String raw = text(requestFiles().values().iterator().next());
        assertThat(raw).isEqualTo("{\"id\":\"" + APPLE_DEV + "-" + P1 + "-sampling\",\"device\":\"" + APPLE_DEV
                + "\",\"protocol\":\"" + P1 + "\",\"format\":\"apple\",\"creation-time\":" + NOW_S + ",\"time\":" + NOW_S
                + ",\"update\":{\"type\":\"Protocol\",\"content\":{\"settings\":["
                + "{\"property-type\":\"Sensus.Probes.ListeningProbe\",\"property-name\":\"MaxDataStoresPerSecond\","
                + "\"target-type\":\"Sensus.Probes.ListeningProbe\",\"value\":10},"
                + "{\"property-type\":\"Sensus.Probes.PollingProbe\",\"property-name\":\"PollingSleepDurationMS\","
                + "\"target-type\":\"Sensus.Probes.Location.PollingLocationProbe\",\"value\":10000}],"
                + "\"user-notification\":{\"message\":\"Sampling changed.\"}}}}");
    }

    @Test
    void settingsRecipesUseTheOldScriptsIdsAndMessages() {
        threeDevices();
        String gps = "Sensus.Probes.Location.GpsLocationProbe";
        assertThat(run("", "settings", "--device", APPLE_DEV, "--disable-probe", gps).code()).isZero();
        PushRequest p = requestsByDevice().get(APPLE_DEV);
        assertThat(p.id()).isEqualTo(APPLE_DEV + "-" + P1 + "-" + gps + "-enable-disable");
        assertThat(p.update().content().toString()).isEqualTo("{\"settings\":[{\"property-type\":\"Sensus.Probes.Probe\","
                + "\"property-name\":\"Enabled\",\"target-type\":\"" + gps + "\",\"value\":false}],"
                + "\"user-notification\":{\"message\":\"" + gps + " enabled: false.\"}}");

        assertThat(run("", "settings", "--device", GCM_DEV, "--polling-delay-tolerance", "30000:60000").code()).isZero();
        p = requestsByDevice().get(GCM_DEV);
        assertThat(p.id()).isEqualTo(GCM_DEV + "-" + P1 + "-polling-delay-tolerance");
        JsonNode c = p.update().content();
        assertThat(c.at("/settings/0/property-name").asText()).isEqualTo("DelayToleranceBeforeMS");
        assertThat(c.at("/settings/0/value").asLong()).isEqualTo(30000);
        assertThat(c.at("/settings/1/property-name").asText()).isEqualTo("DelayToleranceAfterMS");
        assertThat(c.at("/settings/1/value").asLong()).isEqualTo(60000);
        assertThat(c.at("/user-notification/message").asText()).isEqualTo("Updated before/after tolerance to 30000 and 60000.");
    }

    @Test
    void randomPollingToleranceOncePerRunOrPerDevice() {
        threeDevices();
        assertThat(run("", "settings", "--all-devices", "--random-polling-delay-tolerance", "1800000").code()).isZero();
        Set<Long> perRun = requestsByDevice().values().stream()
                .map(p -> p.update().content().at("/settings/0/value").asLong()).collect(Collectors.toSet());
        assertThat(perRun).hasSize(1);
        assertThat(perRun.iterator().next()).isBetween(0L, 1_800_000L);
        requestsByDevice().values().forEach(p -> assertThat(p.update().content().at("/settings/1/value"))
                .isEqualTo(p.update().content().at("/settings/0/value")));

        store().delete(requestFiles().keySet().stream().map(Mailbox::requestKey).toList());
        assertThat(run("", "settings", "--all-devices", "--random-polling-delay-tolerance", "1800000", "--per-device")
                .code()).isZero();
        Set<Long> perDevice = requestsByDevice().values().stream()
                .map(p -> p.update().content().at("/settings/0/value").asLong()).collect(Collectors.toSet());
        assertThat(perDevice).hasSize(3).allSatisfy(v -> assertThat(v).isBetween(0L, 1_800_000L));
    }

    @Test
    void randomEnableProbe() {
        threeDevices();
        assertThat(run("", "settings", "--all-devices", "--random-enable-probe", "Sensus.Probes.PollingProbe",
                "--per-device").code()).isZero();
        requestsByDevice().values().forEach(p -> {
            assertThat(p.id()).endsWith("-Sensus.Probes.PollingProbe-enable-random");
            JsonNode s = p.update().content().at("/settings/0");
            assertThat(s.get("target-type").asText()).isEqualTo("Sensus.Probes.PollingProbe");
            assertThat(s.get("value").isBoolean()).isTrue();
            assertThat(p.update().content().at("/user-notification/message").asText())
                    .isEqualTo("Sensus.Probes.PollingProbe enabled: " + s.get("value").asBoolean() + ".");
        });
    }

    @Test
    void settingsRefusesMalformedSetAndWritesNothing() {
        threeDevices();
        for (List<String> args : List.<List<String>>of(
                List.of("--set", "Sensus.Probes.Probe:Enabled"),
                List.of("--set", "Sensus.Probes.Probe:Enabled=maybe"),
                List.of("--polling-delay-tolerance", "ten"),
                List.of("--polling-delay-tolerance", "1", "--random-polling-delay-tolerance", "5"),
                List.of("--per-device", "--enable-probe", "Sensus.Probes.PollingProbe"),
                List.of())) {
            List<String> all = new java.util.ArrayList<>(List.of("settings", "--all-devices"));
            all.addAll(args);
            Run r = run("", all.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            assertThat(r.err()).as(args.toString()).contains("Nothing written.");
        }
        assertThat(run("", "settings", "--all-devices", "--set", "x:y").err())
                .contains("--set \"x:y\": no '=' before the value");
        assertThat(requestFiles()).isEmpty();
    }

    // ---------------------------------------------------------------- dry run

    @Test
    void dryRunPrintsTheFilesAndWritesNothing() {
        threeDevices();
        Run r = run(run("", "devices").out(), "message", "--title", "T", "--body", "B", "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines).hasSize(4);
        for (String line : lines.subList(0, 3)) {
            String[] parts = line.split("\t");
            assertThat(parts[0]).matches("requests/" + UUID_RE + "\\.json");
            assertThat(json(parts[1]).get("title").asText()).isEqualTo("T");
        }
        assertThat(lines.get(3)).isEqualTo("Dry run: would write 3 message requests to " + describe() + "; nothing written.");
        for (String cmd : List.of("clear-backlog", "settings --enable-probe Sensus.Probes.PollingProbe",
                "survey-policy 0.5", "update --type Feedback --update-id f")) {
            List<String> all = new java.util.ArrayList<>(List.of(cmd.split(" ")));
            all.add("--all-devices");
            all.add("--dry-run");
            Run d = run("", all.toArray(String[]::new));
            assertThat(d.code()).as(cmd).isZero();
            assertThat(d.out()).as(cmd).contains("Dry run: would write 3 ");
        }
        assertThat(requestFiles()).isEmpty();
    }

    // ---------------------------------------------------------- requests, cancel

    /** Three pending requests: a message due in 2 h, a backlog clear now, a survey policy in 10 min; plus junk. */
    private void scheduled() {
        threeDevices();
        assertThat(run("", "message", "--device", APPLE_DEV, "--body", "later", "--at", "+2h").code()).isZero();
        assertThat(run("", "clear-backlog", "--device", GCM_DEV).code()).isZero();
        assertThat(run("", "survey-policy", "--device", OTHER_DEV, "--at", "+10m", "0.5").code()).isZero();
        store().put(Mailbox.requestKey("cancelled-by-app"), new byte[0]);
        store().put(Mailbox.requestKey("broken"), "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
    }

    private String keyOf(String device) {
        return requestFiles().entrySet().stream()
                .filter(e -> text(e.getValue()).contains("\"device\":\"" + device + "\""))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @Test
    void requestsListsPendingSoonestFirst() {
        scheduled();
        Run r = run("", "requests");
        assertThat(r.code()).isZero();
        String messageKey = keyOf(APPLE_DEV);
        assertThat(r.outLines()).containsExactly(
                "2026-03-01T12:00:00Z\tClearPushNotificationRequestBacklog\t" + GCM_DEV + "\t" + GCM_DEV + "-" + P1
                        + "-clear-pnr-backlog\t" + keyOf(GCM_DEV),
                "2026-03-01T12:10:00Z\tSurveyAgentPolicy\t" + OTHER_DEV + "\t" + OTHER_DEV + "-" + P2
                        + "-survey-agent-policy\t" + keyOf(OTHER_DEV),
                "2026-03-01T14:00:00Z\tmessage\t" + APPLE_DEV + "\t" + messageKey + "\t" + messageKey);
        assertThat(r.err()).contains("requests/broken.json").doesNotContain("cancelled-by-app");

        assertThat(run("", "requests", "--due-within", "30m").outLines()).hasSize(2);
        assertThat(run("", "requests", "--device", APPLE_DEV).outLines()).hasSize(1).allMatch(l -> l.contains("message"));
        JsonNode j = json(run("", "requests", "--json", "--device", APPLE_DEV).outLines().get(0));
        assertThat(j.get("due").asText()).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(j.get("backend-key").asText()).isEqualTo(messageKey);
        assertThat(run("", "requests", "--due-within", "soon").code()).isEqualTo(2);
    }

    @Test
    void cancelWithYesDeletesTheChosenRequests() {
        scheduled();
        Run r = run("", "cancel", "--id", OTHER_DEV + "-" + P2 + "-survey-agent-policy", "--yes");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Deleted 1 request from " + describe());
        assertThat(requestsByDeviceValid()).containsOnlyKeys(APPLE_DEV, GCM_DEV);

        assertThat(run("", "cancel", "--backend-key", keyOf(GCM_DEV), "--yes").code()).isZero();
        assertThat(requestsByDeviceValid()).containsOnlyKeys(APPLE_DEV);

        assertThat(run("", "cancel", "--device", APPLE_DEV, "--dry-run").out()).contains("Dry run: would delete 1 request");
        assertThat(requestsByDeviceValid()).containsOnlyKeys(APPLE_DEV);
        assertThat(run("", "cancel", "--device", APPLE_DEV, "--yes").code()).isZero();
        assertThat(requestsByDeviceValid()).isEmpty();
        assertThat(run("", "cancel", "--device", APPLE_DEV, "--yes").out()).contains("No pending request matches");
    }

    @Test
    void cancelWithoutYesAsksAtATerminalAndRefusesWithoutOne() {
        scheduled();
        Run piped = run("y\n", "cancel", "--device", APPLE_DEV);
        assertThat(piped.code()).isEqualTo(2);
        assertThat(piped.err()).contains("not a terminal").contains("--yes");
        Run fromEnv = run(new java.io.ByteArrayInputStream("y\n".getBytes()), false,
                Map.of("SENSUS_PUSH_YES", "true"), "cancel", "--device", APPLE_DEV);
        assertThat(fromEnv.code()).isEqualTo(2);
        assertThat(requestsByDeviceValid()).containsKey(APPLE_DEV);

        Run no = runAtTerminal(new java.io.ByteArrayInputStream("n\n".getBytes()), "cancel", "--device", APPLE_DEV);
        assertThat(no.code()).isZero();
        assertThat(no.err()).contains("Delete 1 request from " + describe() + "? [y/N]");
        assertThat(no.out()).contains("Nothing deleted.");
        assertThat(requestsByDeviceValid()).containsKey(APPLE_DEV);

        Run yes = runAtTerminal(new java.io.ByteArrayInputStream("yes\n".getBytes()), "cancel", "--device", APPLE_DEV);
        assertThat(yes.code()).isZero();
        assertThat(yes.out()).contains("Deleted 1 request");
        assertThat(requestsByDeviceValid()).containsOnlyKeys(GCM_DEV, OTHER_DEV);
    }

    @Test
    void cancelNeedsExactlyOneSelection() {
        scheduled();
        assertThat(run("", "cancel", "--yes").code()).isEqualTo(2);
        assertThat(run("", "cancel", "--yes", "--id", "a", "--device", "b").code()).isEqualTo(2);
        assertThat(requestsByDeviceValid()).hasSize(3);
    }

    /** Valid request files by device, ignoring the junk {@link #scheduled()} adds. */
    private Map<String, PushRequest> requestsByDeviceValid() {
        Map<String, PushRequest> out = new java.util.TreeMap<>();
        requestFiles().forEach((k, v) -> {
            if (v.length > 0 && !k.equals("broken")) {
                PushRequest p = io.sensuspush.contract.ContractJson.parseRequest(k, k, v);
                out.put(p.device(), p);
            }
        });
        return out;
    }
}
