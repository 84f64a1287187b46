package io.sensuspush.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Runs {@code sensus-push} commands through {@link Main} against a real store, with fixed clock and stdin. */
abstract class OperatorCommandsTestBase {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long NOW_S = NOW.getEpochSecond();
    static final String P1 = "9870b48d-4a0f-46e9-bda9-bfd52241a913";
    static final String P2 = "11111111-2222-4333-8444-555555555555";
    static final String APPLE_DEV = "7D0AB854-6FF4-4DF5-A970-CAFE81E18B30";
    static final String GCM_DEV = "a1b2c3d4-0000-4000-8000-000000000001";
    static final String OTHER_DEV = "ffffffff-0000-4000-8000-000000000002";
    static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** The mailbox the commands work on, opened directly. */
    abstract ObjectStore store();

    /** {@code --store …} and whatever else reaches the same mailbox. */
    abstract List<String> storeArgs();

    Map<String, String> env() {
        return Map.of();
    }

    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    Run run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, env(), args);
    }

    Run runAtTerminal(InputStream stdin, String... args) {
        return run(stdin, true, env(), args);
    }

    Run run(InputStream stdin, boolean terminal, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, storeArgs()); // after the subcommand's name
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandIo io = new CommandIo(stdin, terminal, Clock.fixed(NOW, ZoneOffset.UTC), new Random(42));
        int code = Main.execute(all.toArray(String[]::new), env, io, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString().replace("\r\n", "\n"), err.toString());
    }

    /** A stdin that fails the test if a command reads it. */
    static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the command read standard input");
            }
        };
    }

    void token(String device, String protocol, Format format, String token) {
        store().put(Mailbox.tokenKey(device), ContractJson.writeToken(new TokenFile(device, protocol, format, token)));
    }

    /** Three devices: apple and gcm on protocol P1, gcm on P2. */
    void threeDevices() {
        token(APPLE_DEV, P1, Format.APPLE, "A".repeat(64));
        token(GCM_DEV, P1, Format.GCM, "fcm-token-" + "x".repeat(100));
        token(OTHER_DEV, P2, Format.GCM, "fcm-token-" + "y".repeat(100));
    }

    String describe() {
        return store().describe();
    }

    /** Request files by backend key: raw bytes. */
    Map<String, byte[]> requestFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        for (StoredObject o : store().list(Mailbox.REQUESTS)) {
            files.put(Mailbox.backendKeyOf(o.key()), store().get(o.key()).orElseThrow());
        }
        return files;
    }

    /** The request files parsed back under the contract, by device. */
    Map<String, PushRequest> requestsByDevice() {
        Map<String, PushRequest> byDevice = new TreeMap<>();
        requestFiles().forEach((key, bytes) -> {
            PushRequest r = ContractJson.parseRequest(key, key, bytes);
            if (byDevice.put(r.device(), r) != null) {
                throw new AssertionError("two requests for device " + r.device());
            }
        });
        return byDevice;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static JsonNode json(String s) {
        try {
            return ContractJson.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
