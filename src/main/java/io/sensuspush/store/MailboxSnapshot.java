package io.sensuspush.store;

import io.sensuspush.contract.ContractException;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.util.Parallel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request and token files of a mailbox as parsed by earlier passes, kept between passes by
 * {@code serve} so that a pass fetches only what is new or changed.
 *
 * <p>Each parsed file is remembered with the version its listing showed (the S3 ETag; size, mtime and
 * file identity in a directory). {@link #refresh} lists both folders, fetches and parses only keys that
 * are new or whose version changed (the app rewrites a token file in place: same key, new version),
 * and forgets keys no longer listed. Should a store ever report an unchanged version for changed
 * content, the full re-read every {@code fullReadEvery} refreshes (and the first) catches it.
 *
 * <p>Memory: parsed records only, no raw bytes; the strings many requests share (device, protocol,
 * title, body, sound) are held once. About 0.5 KB per request file.
 */
public final class MailboxSnapshot {
    /** What one refresh saw: every request file, the tokens, and how much it fetched. */
    public record Read(List<RequestFile> requests, Mailbox.Tokens tokens, Stats stats) {
    }

    /**
     * @param full      whether this refresh re-read everything
     * @param listed    request and token files listed
     * @param fetched   files fetched and parsed (new, changed, or all on a full read)
     * @param forgotten remembered files no longer listed
     */
    public record Stats(boolean full, int listed, int fetched, int forgotten) {
    }

    /** A parsed file and the version it was parsed at. For tokens, {@code parsed} is a TokenFile or the reason it is invalid. */
    private record Cached<T>(String version, T parsed) {
    }

    private final Mailbox mailbox;
    private final int fullReadEvery;
    private final Map<String, String> shared = new ConcurrentHashMap<>();
    /** Guards refreshes (one at a time); the snapshot's own monitor guards the maps, only briefly. */
    private final Object refreshing = new Object();
    private Map<String, Cached<RequestFile>> requests = new ConcurrentHashMap<>();
    private Map<String, Cached<Object>> tokens = new ConcurrentHashMap<>();
    private DueIndex dueIndex = DueIndex.EMPTY;
    /** Request files found gone by due wake-ups since the last refresh. */
    private final java.util.Set<String> gone = ConcurrentHashMap.newKeySet();
    private int refreshes;

    /** @param fullReadEvery re-read everything on every this-many-th refresh (1: always) */
    public MailboxSnapshot(Mailbox mailbox, int fullReadEvery) {
        if (fullReadEvery < 1) {
            throw new IllegalArgumentException("full re-read interval must be at least 1 pass");
        }
        this.mailbox = mailbox;
        this.fullReadEvery = fullReadEvery;
    }

    /** Makes the next refresh a full re-read (e.g. after a pass failed half-way). */
    public synchronized void invalidate() {
        refreshes = 0;
    }

    /**
     * Lists the mailbox and brings the snapshot up to date with it. Listing and fetching happen outside the
     * snapshot's monitor, so {@link #cached} (a due wake-up) is not held up by a long listing. One refresh
     * at a time.
     */
    public Read refresh() {
        synchronized (refreshing) {
            boolean full;
            Map<String, Cached<RequestFile>> knownRequests;
            Map<String, Cached<Object>> knownTokens;
            synchronized (this) {
                full = refreshes % fullReadEvery == 0;
                refreshes++;
                knownRequests = full ? Map.of() : requests;
                knownTokens = full ? Map.of() : tokens;
                if (full) {
                    shared.clear(); // let strings of files long gone be collected
                }
            }
            List<StoredObject> requestObjects = mailbox.listRequests();
            List<StoredObject> tokenObjects = mailbox.listTokens();
            int fetched = 0;

            Map<String, Cached<RequestFile>> nextRequests = new ConcurrentHashMap<>(requestObjects.size() * 4 / 3 + 1);
            List<StoredObject> toRead = new ArrayList<>();
            for (StoredObject o : requestObjects) {
                Cached<RequestFile> known = knownRequests.get(o.key());
                if (known != null && known.version().equals(o.version())) {
                    nextRequests.put(known.parsed().key(), known);
                } else {
                    toRead.add(o);
                }
            }
            List<Optional<RequestFile>> read = Parallel.map(toRead, mailbox.concurrency(),
                    o -> mailbox.store().get(o.key()).map(bytes -> compact(Mailbox.parseRequest(o.key(), bytes))));
            for (int i = 0; i < toRead.size(); i++) {
                StoredObject o = toRead.get(i);
                if (read.get(i).isPresent()) { // else deleted since the listing (acknowledged by the app)
                    RequestFile f = read.get(i).get();
                    nextRequests.put(f.key(), new Cached<>(o.version(), f));
                }
            }
            fetched += toRead.size();

            Map<String, Cached<Object>> nextTokens = new ConcurrentHashMap<>();
            List<StoredObject> tokensToRead = new ArrayList<>();
            for (StoredObject o : tokenObjects) {
                Cached<Object> known = knownTokens.get(o.key());
                if (known != null && known.version().equals(o.version())) {
                    nextTokens.put(o.key(), known);
                } else {
                    tokensToRead.add(o);
                }
            }
            List<Optional<Object>> readTokens = Parallel.map(tokensToRead, mailbox.concurrency(),
                    o -> mailbox.store().get(o.key()).map(bytes -> parseToken(o.key(), bytes)));
            for (int i = 0; i < tokensToRead.size(); i++) {
                StoredObject o = tokensToRead.get(i);
                readTokens.get(i).ifPresent(t -> nextTokens.put(o.key(), new Cached<>(o.version(), t)));
            }
            fetched += tokensToRead.size();

            synchronized (this) {
                int forgotten = vanished(requests, nextRequests) + vanished(tokens, nextTokens);
                requests = nextRequests;
                tokens = nextTokens;
                Mailbox.Tokens byDevice = tokensByDevice();
                dueIndex = index(requests, byDevice);
                gone.clear();
                return new Read(requestsInKeyOrder(requestObjects), byDevice,
                        new Stats(full, requestObjects.size() + tokenObjects.size(), fetched, forgotten));
            }
        }
    }

    /**
     * The valid request files of the last refresh ordered by {@code time}, and grouped by id, with the tokens:
     * what a due wake-up needs to find what has fallen due without listing or planning the whole mailbox.
     */
    public record DueIndex(List<RequestFile.Valid> byTime, Map<String, List<RequestFile.Valid>> byId,
                           Mailbox.Tokens tokens) {
        static final DueIndex EMPTY = new DueIndex(List.of(), Map.of(), new Mailbox.Tokens(Map.of(), Map.of()));
    }

    /** The index built by the last refresh (empty before the first). */
    public synchronized DueIndex dueIndex() {
        return dueIndex;
    }

    /** True once a refresh has filled the snapshot. */
    public synchronized boolean isFilled() {
        return refreshes > 0 && dueIndex != DueIndex.EMPTY;
    }

    /** Notes a request file found gone (acknowledged by the app) before the next listing says so. */
    public void forget(String key) {
        gone.add(key);
    }

    /** Whether {@link #forget} was told this file is gone since the last refresh. */
    public boolean isGone(String key) {
        return gone.contains(key);
    }

    private static DueIndex index(Map<String, Cached<RequestFile>> requests, Mailbox.Tokens tokens) {
        List<RequestFile.Valid> valid = new ArrayList<>(requests.size());
        Map<String, List<RequestFile.Valid>> byId = new HashMap<>();
        for (Cached<RequestFile> c : requests.values()) {
            if (c.parsed() instanceof RequestFile.Valid v) {
                valid.add(v);
                byId.computeIfAbsent(v.request().id(), id -> new ArrayList<>(1)).add(v);
            }
        }
        valid.sort(Comparator.comparingLong((RequestFile.Valid v) -> v.request().time()).thenComparing(RequestFile.Valid::key));
        return new DueIndex(List.copyOf(valid), byId, tokens);
    }

    private static int vanished(Map<String, ?> before, Map<String, ?> after) {
        int n = 0;
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                n++;
            }
        }
        return n;
    }

    /** Request files in listing (key) order, so a warm pass plans from the same input as a cold one. */
    private List<RequestFile> requestsInKeyOrder(List<StoredObject> listed) {
        List<RequestFile> out = new ArrayList<>(requests.size());
        for (StoredObject o : listed) {
            Cached<RequestFile> c = requests.get(o.key());
            if (c != null) {
                out.add(c.parsed());
            }
        }
        return out;
    }

    private Mailbox.Tokens tokensByDevice() {
        Map<String, TokenFile> byDevice = new TreeMap<>();
        Map<String, String> invalid = new TreeMap<>();
        tokens.forEach((key, c) -> {
            if (c.parsed() instanceof TokenFile t) {
                byDevice.put(Mailbox.backendKeyOf(key), t);
            } else {
                invalid.put(key, (String) c.parsed());
            }
        });
        return new Mailbox.Tokens(byDevice, invalid);
    }

    private Object parseToken(String key, byte[] bytes) {
        try {
            TokenFile t = ContractJson.parseToken(key, bytes);
            return new TokenFile(share(t.device()), share(t.protocol()), t.format(), t.token());
        } catch (ContractException e) {
            return e.getMessage();
        }
    }

    /** The same request with the strings many requests repeat held once. */
    private RequestFile compact(RequestFile f) {
        if (f instanceof RequestFile.Valid v) {
            PushRequest r = v.request();
            return new RequestFile.Valid(v.key(), new PushRequest(r.backendKey(), r.id(), share(r.device()),
                    share(r.protocol()), share(r.title()), share(r.body()), share(r.sound()), r.format(),
                    r.creationTime(), r.time(), r.update()));
        }
        return f;
    }

    private String share(String s) {
        if (s == null) {
            return null;
        }
        String previous = shared.putIfAbsent(s, s);
        return previous == null ? s : previous;
    }

    /** Files remembered now (requests and tokens), for tests and metrics. */
    public synchronized int size() {
        return requests.size() + tokens.size();
    }
}
