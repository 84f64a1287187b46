package io.sensuspush.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.cli.Main;
import io.sensuspush.contract.ContractException;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.plan.PassInput;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.plan.Plan;
import io.sensuspush.plan.Planner;
import io.sensuspush.plan.PushHistory;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.Size;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken request and token files (jqwik): thousands of valid files mutated (fields removed or swapped for other
 * types, huge strings, deep nesting, bad UTF-8, odd times, unknown formats and update types, non-object content,
 * path-like device ids, truncation) go through parsing and planning. No exception escapes, and each file is either
 * processed or rejected with a reason naming it. Then the same kinds of files go through a real pass and
 * {@code sensus-push rejected}.
 */
class BadFilesTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final AtomicInteger REQUESTS_TRIED = new AtomicInteger();
    static final AtomicInteger TOKENS_TRIED = new AtomicInteger();
    static final AtomicInteger REJECTED = new AtomicInteger();

    enum Mutation {
        REMOVE_FIELD, NULL_FIELD, NUMBER_FIELD, STRING_FIELD, ARRAY_FIELD, OBJECT_FIELD, BOOLEAN_FIELD, HUGE_STRING,
        DEEP_NESTING, ODD_TIME, UNKNOWN_FORMAT, UNKNOWN_UPDATE_TYPE, NON_OBJECT_CONTENT, PATH_DEVICE, LONG_TITLE,
        NOT_AN_OBJECT, TRUNCATE, BAD_UTF8, FLIP_BYTE, HUGE_FILE
    }

    static final List<String> REQUEST_FIELDS = List.of("id", "device", "protocol", "title", "body", "sound", "format",
            "creation-time", "time", "update");
    static final List<String> TOKEN_FIELDS = List.of("device", "protocol", "format", "token");

    @Provide
    Arbitrary<Mutation> mutation() {
        return Arbitraries.of(Mutation.class);
    }

    @AfterContainer
    static void report() {
        System.out.printf("bad files: %d mutated request files, %d mutated token files tried; %d rejected with a reason, "
                + "none crashed a pass%n", REQUESTS_TRIED.get(), TOKENS_TRIED.get(), REJECTED.get());
    }

    @Property(tries = 3000)
    void aMutatedRequestFileIsProcessedOrRejectedWithAReasonNamingIt(
            @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.From("mutation") Mutation> mutations,
            @ForAll boolean isUpdate, @ForAll long seed) throws Exception {
        REQUESTS_TRIED.incrementAndGet();
        Random random = new Random(seed);
        ObjectNode o = (ObjectNode) ContractJson.MAPPER.readTree(ContractJson.writeRequest(new PushRequest(
                "k", UUID.randomUUID().toString(), "DEV-1", "proto", isUpdate ? null : "Title", isUpdate ? null : "Body",
                "default", Format.APPLE, NOW.getEpochSecond() - 60, NOW.getEpochSecond(),
                isUpdate ? new io.sensuspush.contract.Update(io.sensuspush.contract.UpdateType.Protocol,
                        ContractJson.MAPPER.createObjectNode().put("a", 1)) : null)));
        byte[] content = mutate(o, REQUEST_FIELDS, mutations, random);
        String key = Mailbox.requestKey(UUID.randomUUID().toString());

        RequestFile file = Mailbox.parseRequest(key, content);
        switch (file) {
            case RequestFile.Empty e -> assertThat(content).isEmpty();
            case RequestFile.Invalid bad -> {
                REJECTED.incrementAndGet();
                assertThat(bad.reason()).startsWith(key + ": ");
            }
            case RequestFile.Valid v -> {
                assertThat(v.request().device()).doesNotContain("/", "\\", "..");
                if (!v.request().isUpdate()) {
                    assertThat(Payloads.largestSize(Notification.forRequest(v.request()))).isLessThanOrEqualTo(Payloads.MAX_PAYLOAD_BYTES);
                }
            }
        }
        // Planning never throws, and accounts for the file one way or another.
        Map<String, TokenFile> tokens = Map.of("DEV-1", new TokenFile("DEV-1", "proto", Format.GCM, "tok"));
        Plan plan = Planner.plan(new PassInput(List.of(file), tokens, Map.of(), NOW,
                new PassSettings(Duration.ofMinutes(6), Duration.ofMinutes(5)), PushHistory.NONE));
        boolean accounted = plan.rejections().stream().anyMatch(r -> r.key().equals(key))
                || plan.firstDeletions().stream().anyMatch(d -> d.key().equals(key))
                || plan.laterDeletions().stream().anyMatch(d -> d.key().equals(key))
                || plan.userPushes().stream().anyMatch(p -> p.key().equals(key))
                || plan.newUpdateFiles().stream().anyMatch(f -> f.packedRequestKeys().contains(key))
                || plan.waiting().stream().anyMatch(r -> key.equals(Mailbox.requestKey(r.backendKey())));
        assertThat(accounted).as("the plan does something with " + key).isTrue();
    }

    @Property(tries = 2000)
    void aMutatedTokenFileIsReadOrRefusedWithAReasonNamingIt(
            @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.From("mutation") Mutation> mutations, @ForAll long seed)
            throws Exception {
        TOKENS_TRIED.incrementAndGet();
        Random random = new Random(seed);
        ObjectNode o = (ObjectNode) ContractJson.MAPPER.readTree(
                ContractJson.writeToken(new TokenFile("DEV-1", "proto", Format.GCM, "a".repeat(150))));
        byte[] content = mutate(o, TOKEN_FIELDS, mutations, random);
        String key = Mailbox.tokenKey("DEV-1");
        try {
            TokenFile t = ContractJson.parseToken(key, content);
            assertThat(t.device()).doesNotContain("/", "\\", "..");
        } catch (ContractException e) {
            REJECTED.incrementAndGet();
            assertThat(e.getMessage()).startsWith(key + ": ");
        }
    }

    /** Applies the mutations to a valid file's JSON, then to its bytes. */
    static byte[] mutate(ObjectNode o, List<String> fields, List<Mutation> mutations, Random random) {
        byte[] bytes = null;
        for (Mutation m : mutations) {
            String field = fields.get(random.nextInt(fields.size()));
            if (bytes != null && m.ordinal() < Mutation.NOT_AN_OBJECT.ordinal()) {
                continue; // a structural mutation after a byte-level one: nothing left to mutate structurally
            }
            switch (m) {
                case REMOVE_FIELD -> o.remove(field);
                case NULL_FIELD -> o.putNull(field);
                case NUMBER_FIELD -> o.put(field, random.nextBoolean() ? random.nextLong() : random.nextDouble() * 1e30);
                case STRING_FIELD -> o.put(field, Long.toString(random.nextLong()));
                case ARRAY_FIELD -> o.putArray(field).add(1).add("x");
                case OBJECT_FIELD -> o.putObject(field).put("x", 1);
                case BOOLEAN_FIELD -> o.put(field, random.nextBoolean());
                case HUGE_STRING -> o.put(field, "x".repeat(1 + random.nextInt(400_000)));
                case DEEP_NESTING -> {
                    ObjectNode root = ContractJson.MAPPER.createObjectNode();
                    ObjectNode n = root;
                    for (int i = random.nextInt(900); i > 0; i--) { // the parser allows 200
                        n = n.putObject("n");
                    }
                    o.putObject("update").put("type", "Protocol").set("content", root);
                }
                case ODD_TIME -> o.set(random.nextBoolean() ? "time" : "creation-time", switch (random.nextInt(6)) {
                    case 0 -> ContractJson.MAPPER.getNodeFactory().numberNode(-1L);
                    case 1 -> ContractJson.MAPPER.getNodeFactory().numberNode(Long.MAX_VALUE);
                    case 2 -> ContractJson.MAPPER.getNodeFactory().numberNode(1.7e12);
                    case 3 -> ContractJson.MAPPER.getNodeFactory().textNode("12abc");
                    case 4 -> ContractJson.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("99999999999999999999999"));
                    default -> ContractJson.MAPPER.getNodeFactory().numberNode(NOW.toEpochMilli()); // milliseconds
                });
                case UNKNOWN_FORMAT -> o.put("format", random.nextBoolean() ? "fcmv1" : "APPLE ");
                case UNKNOWN_UPDATE_TYPE -> o.putObject("update").put("type", "Sensing").putObject("content");
                case NON_OBJECT_CONTENT -> o.putObject("update").put("type", "Feedback").putArray("content").add(1);
                case PATH_DEVICE -> o.put("device", List.of("../tokens/DEV-2", "a/b", "a\\b", "..", "x\u0000y", "d\ne",
                        "D".repeat(5000)).get(random.nextInt(7)));
                case LONG_TITLE -> o.put(random.nextBoolean() ? "title" : "body",
                        (random.nextBoolean() ? "é" : "x").repeat(3000 + random.nextInt(2000)));
                case NOT_AN_OBJECT -> bytes = List.of("[]", "\"text\"", "42", "null", "true", "[{}]")
                        .get(random.nextInt(6)).getBytes(StandardCharsets.UTF_8);
                case TRUNCATE -> {
                    byte[] b = bytes != null ? bytes : ContractJson.bytes(o);
                    bytes = Arrays.copyOf(b, random.nextInt(b.length + 1));
                }
                case BAD_UTF8 -> {
                    byte[] b = bytes != null ? bytes : ContractJson.bytes(o);
                    if (b.length > 0) {
                        b = b.clone();
                        b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80));
                    }
                    bytes = b;
                }
                case FLIP_BYTE -> {
                    byte[] b = bytes != null ? bytes : ContractJson.bytes(o);
                    if (b.length > 0) {
                        b = b.clone();
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                    bytes = b;
                }
                case HUGE_FILE -> {
                    o.put("padding", " ".repeat(ContractJson.MAX_FILE_BYTES));
                }
            }
        }
        return bytes != null ? bytes : ContractJson.bytes(o);
    }

    // ------------------------------------------------------------ through a pass

    @net.jqwik.api.Example
    void brokenFilesGoThroughARealPassIntoRejectedWithReasonsAndNothingElseIsTouched() throws Exception {
        Path dir = Files.createTempDirectory("bad-files");
        Map<String, String> broken = new HashMap<>(); // key -> what its reason must mention
        Map<String, byte[]> untouched = new HashMap<>();
        try (ObjectStore store = new DirectoryObjectStore(dir, "push-notifications")) {
            Mailbox mailbox = new Mailbox(store, 4);
            TokenFile good = new TokenFile("GOOD", "P", Format.APPLE, "B".repeat(64));
            TokenFile victim = new TokenFile("VICTIM", "P", Format.GCM, "c".repeat(150));
            for (TokenFile t : List.of(good, victim)) {
                store.put(Mailbox.tokenKey(t.device()), ContractJson.writeToken(t));
                untouched.put(Mailbox.tokenKey(t.device()), ContractJson.writeToken(t));
            }
            String victimUpdates = Mailbox.updatesFolder("VICTIM") + UUID.randomUUID() + ".json";
            store.put(victimUpdates, "[]".getBytes(StandardCharsets.UTF_8));
            untouched.put(victimUpdates, "[]".getBytes(StandardCharsets.UTF_8));

            long t = NOW.getEpochSecond();
            ObjectNode base = (ObjectNode) ContractJson.MAPPER.readTree(ContractJson.writeRequest(new PushRequest("k",
                    "id", "GOOD", "P", "Hi", "Body", null, Format.APPLE, t - 60, t, null)));
            Map<String, byte[]> requests = new HashMap<>();
            requests.put("field \"device\"", ContractJson.bytes(base.deepCopy().put("device", "../tokens/VICTIM")));
            requests.put("field \"time\"", ContractJson.bytes(base.deepCopy().put("time", t * 1000)));
            requests.put("field \"format\"", ContractJson.bytes(base.deepCopy().put("format", "windows")));
            requests.put("4096-byte limit", ContractJson.bytes(base.deepCopy().put("body", "é".repeat(2100))));
            requests.put("larger than any real file", ContractJson.bytes(base.deepCopy().put("body", "x".repeat(300_000))));
            requests.put("not valid JSON", new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28});
            requests.put("update.type", ContractJson.bytes(base.deepCopy().set("update",
                    ContractJson.MAPPER.createObjectNode().put("type", "Nope"))));
            requests.forEach((why, content) -> {
                String key = Mailbox.requestKey(UUID.randomUUID().toString());
                store.put(key, content);
                broken.put(key, why);
            });
            store.put("tokens/BROKEN.json", "{\"device\":\"BROKEN\",".getBytes(StandardCharsets.UTF_8));
            broken.put("tokens/BROKEN.json", "not valid JSON");
            store.put("tokens/SNEAKY.json", "{\"device\":\"../updates/VICTIM\",\"protocol\":\"P\",\"format\":\"gcm\",\"token\":\"t\"}"
                    .getBytes(StandardCharsets.UTF_8));
            broken.put("tokens/SNEAKY.json", "field \"device\"");
            store.put("tokens/ARRAY.json", "[1,2]".getBytes(StandardCharsets.UTF_8));
            broken.put("tokens/ARRAY.json", "must be a JSON object");
            String fine = mailbox.writeRequest(new PushRequest(UUID.randomUUID().toString(), "ok", "GOOD", "P", "Hi", "Body",
                    null, Format.APPLE, t - 60, t, null));

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[]{"run", "--store", dir.toString(), "--now", NOW.toString()}, Map.of(),
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("pushed 1,", "rejected " + broken.size());
            assertThat(out.toString()).doesNotContain("4096-byte").contains("\"backend-key\":\"" + Mailbox.backendKeyOf(fine));

            List<String> keys = store.list("").stream().map(StoredObject::key).toList();
            for (var e : broken.entrySet()) {
                assertThat(keys).as(e.getKey()).doesNotContain(e.getKey())
                        .contains(Mailbox.REJECTED + e.getKey(), Mailbox.REJECTED + e.getKey() + ".reason.json");
                JsonNode why = ContractJson.MAPPER.readTree(store.get(Mailbox.REJECTED + e.getKey() + ".reason.json").orElseThrow());
                assertThat(why.get("file").asText()).isEqualTo(e.getKey());
                assertThat(why.get("reason").asText()).startsWith(e.getKey() + ": ").contains(e.getValue());
            }
            untouched.forEach((key, content) -> assertThat(store.get(key)).as(key).hasValueSatisfying(
                    c -> assertThat(c).isEqualTo(content)));
            assertThat(keys).contains(fine);

            StringWriter listed = new StringWriter();
            assertThat(Main.execute(new String[]{"rejected", "--store", dir.toString()}, Map.of(),
                    new PrintWriter(listed, true), new PrintWriter(err, true))).isZero();
            assertThat(listed.toString().lines().toList()).hasSize(broken.size()).allSatisfy(line ->
                    assertThat(line.split("\t")).hasSize(3));
            broken.keySet().forEach(k -> assertThat(listed.toString()).contains("\t" + k + "\t" + k + ": "));
            StringWriter json = new StringWriter();
            Main.execute(new String[]{"rejected", "--store", dir.toString(), "--json"}, Map.of(),
                    new PrintWriter(json, true), new PrintWriter(err, true));
            assertThat(json.toString().lines().map(l -> ContractJson.parse("line", l.getBytes(StandardCharsets.UTF_8))
                    .get("file").asText()).toList()).containsExactlyInAnyOrderElementsOf(broken.keySet());
        }
    }
}
