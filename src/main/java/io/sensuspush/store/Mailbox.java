package io.sensuspush.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractException;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Ids;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.UpdateEntry;
import io.sensuspush.util.Parallel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The contract's bucket layout (§1) over an {@link ObjectStore}: typed reads and writes of request,
 * token and update files. Reads run in parallel, at most {@code concurrency} at a time.
 */
public final class Mailbox {
    public static final String REQUESTS = "requests/";
    public static final String TOKENS = "tokens/";
    public static final String UPDATES = "updates/";
    /** Broken files moved aside by the backend, with a reason beside each; the app never looks here. */
    public static final String REJECTED = "rejected/";
    /** The backend's own small state (lock, push history); the app never looks here. */
    public static final String BACKEND = "backend/";
    private static final String JSON = ".json";

    private final ObjectStore store;
    private final int concurrency;

    public Mailbox(ObjectStore store, int concurrency) {
        this.store = store;
        this.concurrency = Math.max(1, concurrency);
    }

    public ObjectStore store() {
        return store;
    }

    public int concurrency() {
        return concurrency;
    }

    // ------------------------------------------------------------------ keys

    public static String requestKey(String backendKey) {
        return REQUESTS + backendKey + JSON;
    }

    public static String tokenKey(String device) {
        return TOKENS + device + JSON;
    }

    public static String updatesFolder(String device) {
        return UPDATES + device + "/";
    }

    /** The backend key of {@code requests/<key>.json}: the file name without {@code .json}. */
    public static String backendKeyOf(String requestKey) {
        String name = requestKey.substring(requestKey.lastIndexOf('/') + 1);
        return name.endsWith(JSON) ? name.substring(0, name.length() - JSON.length()) : name;
    }

    // ----------------------------------------------------------------- reads

    /** Lists {@code requests/}: only {@code *.json} files directly in it count as requests. */
    public List<StoredObject> listRequests() {
        return store.list(REQUESTS).stream()
                .filter(o -> o.key().endsWith(JSON) && o.key().indexOf('/', REQUESTS.length()) < 0)
                .toList();
    }

    /** Reads and parses the given request files. A file deleted meanwhile (acknowledged by the app) is left out. */
    public List<RequestFile> readRequests(List<StoredObject> objects) {
        List<Optional<RequestFile>> read = Parallel.map(objects, concurrency, o -> readRequest(o.key()));
        List<RequestFile> out = new ArrayList<>(read.size());
        read.forEach(r -> r.ifPresent(out::add));
        return out;
    }

    /** Reads one request file; empty when it no longer exists. */
    public Optional<RequestFile> readRequest(String key) {
        return store.get(key).map(bytes -> parseRequest(key, bytes));
    }

    /** Classifies a request file's content: empty, valid, or invalid with the reason. */
    public static RequestFile parseRequest(String key, byte[] bytes) {
        if (bytes.length == 0) {
            return new RequestFile.Empty(key);
        }
        try {
            String backendKey = backendKeyOf(key);
            PushRequest request = ContractJson.parseRequest(key, backendKey, bytes);
            if (!request.isUpdate()) {
                // A push service refuses it every time: never send it, move it aside instead.
                int size = Payloads.largestSize(Notification.forRequest(request));
                if (size > Payloads.MAX_PAYLOAD_BYTES) {
                    throw new ContractException(key, null, "title, body and sound make a " + size
                            + "-byte push payload, over the " + Payloads.MAX_PAYLOAD_BYTES + "-byte limit of push services");
                }
            }
            return new RequestFile.Valid(key, request);
        } catch (ContractException e) {
            return new RequestFile.Invalid(key, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever the content, a bad file is rejected with a reason, never a crashed pass.
            return new RequestFile.Invalid(key, key + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Token files by device, and the ones that could not be read (key → reason). */
    public record Tokens(Map<String, TokenFile> byDevice, Map<String, String> invalid) {
    }

    public List<StoredObject> listTokens() {
        return store.list(TOKENS).stream()
                .filter(o -> o.key().endsWith(JSON) && o.key().indexOf('/', TOKENS.length()) < 0)
                .toList();
    }

    /**
     * Reads every token file. A token file whose {@code device} disagrees with its file name is keyed by
     * the file name: that is where the pass looks for a device's token.
     */
    public Tokens readTokens() {
        return readTokens(listTokens());
    }

    public Tokens readTokens(List<StoredObject> objects) {
        List<Optional<Object>> read = Parallel.map(objects, concurrency, o -> store.get(o.key()).map(bytes -> {
            try {
                return (Object) ContractJson.parseToken(o.key(), bytes);
            } catch (ContractException e) {
                return e.getMessage();
            } catch (RuntimeException e) {
                return o.key() + ": cannot be read (" + e.getClass().getSimpleName() + ")";
            }
        }));
        Map<String, TokenFile> tokens = new TreeMap<>();
        Map<String, String> invalid = new TreeMap<>();
        for (int i = 0; i < objects.size(); i++) {
            String key = objects.get(i).key();
            Object r = read.get(i).orElse(null);
            if (r instanceof TokenFile t) {
                tokens.put(backendKeyOf(key), t);
            } else if (r instanceof String reason) {
                invalid.put(key, reason);
            }
        }
        return new Tokens(tokens, invalid);
    }

    /** Update files not yet read (and deleted) by the app, by device. */
    public Map<String, List<String>> listUpdateFiles() {
        Map<String, List<String>> byDevice = new TreeMap<>();
        for (StoredObject o : store.list(UPDATES)) {
            String rest = o.key().substring(UPDATES.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
                continue; // not updates/<device>/<file>
            }
            byDevice.computeIfAbsent(rest.substring(0, slash), d -> new ArrayList<>()).add(o.key());
        }
        return byDevice;
    }

    // ---------------------------------------------------------------- writes

    /** Writes a new updates file {@code updates/<device>/<random uuid>.json}; returns its key. */
    public String writeUpdates(String device, List<UpdateEntry> entries) {
        Ids.requireSafeSegment(null, "device", device);
        String key = updatesFolder(device) + UUID.randomUUID() + JSON;
        store.put(key, ContractJson.writeUpdates(entries));
        return key;
    }

    /** Writes a request file named by its backend key, as the app would. */
    public String writeRequest(PushRequest request) {
        Ids.requireSafeSegment(null, "backend key", request.backendKey());
        Ids.requireSafeSegment(null, "device", request.device());
        String key = requestKey(request.backendKey());
        store.put(key, ContractJson.writeRequest(request));
        return key;
    }

    /**
     * Moves a broken file aside: its content to {@code rejected/<path>} and a reason beside it
     * ({@code …​.reason.json}), then deletes the original. Nothing is lost if this is cut short: the
     * original is deleted last.
     */
    public void reject(String key, String reason, Instant when) {
        store.get(key).ifPresent(content -> moveAside(key, content, reason, when));
    }

    /**
     * Moves a broken token file aside as {@link #reject} does, unless it is readable now: the app overwrites its
     * token file in place, and a token it fixed since the pass read it must not be taken away.
     *
     * @return true when the file was moved aside
     */
    public boolean rejectToken(String key, String reason, Instant when) {
        Optional<byte[]> content = store.get(key);
        if (content.isEmpty()) {
            return false;
        }
        try {
            ContractJson.parseToken(key, content.get());
            return false;
        } catch (RuntimeException stillBroken) {
            moveAside(key, content.get(), reason, when);
            return true;
        }
    }

    private void moveAside(String key, byte[] content, String reason, Instant when) {
        String target = REJECTED + key;
        ObjectNode why = ContractJson.MAPPER.createObjectNode();
        why.put("file", key);
        why.put("reason", reason);
        why.put("rejected-at", when.toString());
        store.put(target, content);
        store.put(target + ".reason.json", ContractJson.bytes(why));
        store.delete(List.of(key));
    }
}
