package io.sensuspush.example;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.Update;
import io.sensuspush.contract.UpdateEntry;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.util.Parallel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates a study's mailbox as the app would have written it, covering every rule of a pass
 * (contract §2), and says what a correct pass at {@code now} must leave behind. The expectation
 * comes from what each file was generated to be, not from the planner, so it checks the planner.
 * Used by {@code sensus-push example}, the end-to-end tests and benchmarks.
 */
public final class ExampleStudy {
    /**
     * @param devices           number of devices; about one in ten has no (or an empty) token
     * @param requestsPerDevice request files per device, of every kind
     */
    public record Spec(int devices, int requestsPerDevice, long seed, Instant now, Duration lead) {
    }

    /** What a correct pass at {@code now} with {@code lead} (and no push history) must do. */
    public record Expected(
            Set<String> remainingRequests,
            Map<String, Format> userPushes,
            Set<String> unacknowledgeablePushes,
            Set<String> updateNotifiedDevices,
            Map<String, Set<String>> newUpdateIdsByDevice,
            Set<String> remainingOldUpdateFiles,
            Set<String> deletedOldUpdateFiles,
            Set<String> rejected,
            int waiting,
            Map<String, Integer> deletedByReason) {
    }

    private enum Kind { DUE, WAITING, EXPIRED, OBSOLETE_PAIR, EMPTY, UPDATE, UPDATE_WAITING }

    private static final Kind[] KINDS = Kind.values();

    private final Spec spec;
    private final Random random;
    private final Map<String, byte[]> files = new HashMap<>();
    private final Set<String> remaining = new HashSet<>();
    private final Map<String, Format> userPushes = new HashMap<>();
    private final Set<String> unacknowledgeable = new HashSet<>();
    private final Set<String> notified = new HashSet<>();
    private final Map<String, Set<String>> newUpdates = new HashMap<>();
    private final Set<String> oldKept = new HashSet<>();
    private final Set<String> oldDeleted = new HashSet<>();
    private final Set<String> rejected = new HashSet<>();
    private final Map<String, Integer> deleted = new HashMap<>();
    private int waiting;
    private final long now;
    private final long lead;

    private ExampleStudy(Spec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
        this.now = spec.now().getEpochSecond();
        this.lead = spec.lead().toSeconds();
    }

    /** Writes the study into the store (in parallel) and returns what a pass must do with it. */
    public static Expected write(ObjectStore store, Spec spec, int concurrency) {
        ExampleStudy s = new ExampleStudy(spec);
        s.generate();
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(s.files.entrySet());
        Parallel.map(all, concurrency, e -> {
            store.put(e.getKey(), e.getValue());
            return null;
        });
        return s.expected();
    }

    private Expected expected() {
        return new Expected(Set.copyOf(remaining), Map.copyOf(userPushes), Set.copyOf(unacknowledgeable),
                Set.copyOf(notified), Map.copyOf(newUpdates), Set.copyOf(oldKept), Set.copyOf(oldDeleted),
                Set.copyOf(rejected), waiting, Map.copyOf(deleted));
    }

    private void generate() {
        String protocol = uuid();
        for (int d = 0; d < spec.devices(); d++) {
            String device = uuid().toUpperCase();
            Format format = d % 2 == 0 ? Format.APPLE : Format.GCM;
            boolean hasToken = d % 10 != 9;
            if (hasToken) {
                put(Mailbox.tokenKey(device), ContractJson.writeToken(new TokenFile(device, protocol, format, token(format))));
            } else if (d % 20 == 9) {
                // a token file with an empty token counts as no token
                put(Mailbox.tokenKey(device), ContractJson.writeToken(new TokenFile(device, protocol, format, "")));
            }
            for (int i = 0; i < spec.requestsPerDevice(); i++) {
                request(KINDS[(d + i) % KINDS.length], device, protocol, format, hasToken);
            }
            if (d % 7 == 3) {
                String key = Mailbox.updatesFolder(device) + uuid() + ".json";
                put(key, ContractJson.writeUpdates(List.of(new UpdateEntry("old-" + d, UpdateType.Feedback,
                        ContractJson.MAPPER.createObjectNode()))));
                if (hasToken) {
                    oldKept.add(key);
                    notified.add(device);
                } else {
                    oldDeleted.add(key);
                }
            }
            if (d % 50 == 1 && hasToken) {
                // written by hand with a name the app cannot acknowledge: pushed once, then deleted
                String backendKey = "manual-" + d;
                put(Mailbox.requestKey(backendKey), ContractJson.writeRequest(new PushRequest(backendKey, uuid(), device,
                        protocol, "Hello", "From the study team", "default", format, now - 60, now, null)));
                unacknowledgeable.add(Mailbox.requestKey(backendKey));
                count("unacknowledgeable");
            }
            if (d % 25 == 2) {
                String key = Mailbox.requestKey(uuid());
                put(key, "{\"id\":\"broken\",\"device\":\"".getBytes(StandardCharsets.UTF_8));
                rejected.add(key);
            }
        }
    }

    private void request(Kind kind, String device, String protocol, Format format, boolean hasToken) {
        long due = now + lead; // time at which until == 0
        switch (kind) {
            case DUE -> message(device, protocol, format, hasToken, due - random.nextInt(3600));
            case WAITING -> {
                String key = write(device, protocol, format, uuid(), now - 10, due + 1 + random.nextInt(7 * 86_400), null);
                remaining.add(key);
                waiting++;
            }
            case EXPIRED -> {
                write(device, protocol, format, uuid(), now - 200_000, due - 86_400 - random.nextInt(86_400), null);
                count("expired");
            }
            case OBSOLETE_PAIR -> {
                String id = uuid();
                write(device, protocol, format, id, now - 500, due + 50_000, null);
                count("obsolete");
                message(device, protocol, format, hasToken, due - random.nextInt(600), id, now - 100);
            }
            case EMPTY -> {
                put(Mailbox.requestKey(uuid()), new byte[0]);
                count("empty");
            }
            case UPDATE -> {
                String id = device + "-" + protocol + "-" + uuid().substring(0, 8);
                Update u = new Update(UpdateType.values()[random.nextInt(UpdateType.values().length)],
                        ContractJson.MAPPER.createObjectNode().put("n", random.nextInt(1000)));
                write(device, protocol, format, id, now - 30, due - random.nextInt(600), u);
                if (hasToken) {
                    count("packed");
                    newUpdates.computeIfAbsent(device, x -> new HashSet<>()).add(id);
                    notified.add(device);
                } else {
                    count("stale");
                }
            }
            case UPDATE_WAITING -> {
                Update u = new Update(UpdateType.Protocol, ContractJson.MAPPER.createObjectNode());
                remaining.add(write(device, protocol, format, uuid(), now - 30, due + 3600, u));
                waiting++;
            }
        }
    }

    private void message(String device, String protocol, Format format, boolean hasToken, long time) {
        message(device, protocol, format, hasToken, time, uuid(), now - 20);
    }

    private void message(String device, String protocol, Format format, boolean hasToken, long time, String id, long created) {
        String key = write(device, protocol, format, id, created, time, null);
        if (hasToken) {
            remaining.add(key);
            userPushes.put(key, format);
        } else {
            count("stale");
        }
    }

    private String write(String device, String protocol, Format format, String id, long created, long time, Update update) {
        String backendKey = uuid();
        boolean user = update == null;
        PushRequest r = new PushRequest(backendKey, id, device, protocol,
                user ? "Survey" : null, user ? "Please answer a few questions" : null, user ? "default" : null,
                format, created, time, update);
        String key = Mailbox.requestKey(backendKey);
        put(key, ContractJson.writeRequest(r));
        return key;
    }

    private void put(String key, byte[] content) {
        files.put(key, content);
    }

    private void count(String reason) {
        deleted.merge(reason, 1, Integer::sum);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String token(Format format) {
        StringBuilder sb = new StringBuilder();
        if (format == Format.APPLE) {
            for (int i = 0; i < 64; i++) {
                sb.append("0123456789ABCDEF".charAt(random.nextInt(16)));
            }
        } else {
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
            for (int i = 0; i < 22; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            sb.append(':');
            for (int i = 0; i < 140; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }
}
