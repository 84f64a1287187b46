package io.sensuspush.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for one Azure notification hub's direct-send endpoint, for tests. It checks
 * what Azure checks and answers as Azure would, with Azure's XML error body
 * ({@code <Error><Code>…</Code><Detail>…</Detail></Error>}):
 * <ul>
 *   <li>path {@code /<hub>/messages/} (else 404) with query {@code direct} and {@code api-version=2015-04} (else 400);</li>
 *   <li>{@code Authorization}: a SAS token for this stand-in's own resource URL
 *       ({@code http://127.0.0.1:<port>/<hub>/messages}, encoded), the right key name, not expired,
 *       signature verified with the hub key (else 401);</li>
 *   <li>{@code x-ms-version: 2015-04}, {@code ServiceBusNotification-DeviceHandle} present,
 *       {@code Content-Type: application/json…}, {@code ServiceBusNotification-Format} in apple/gcm/fcmv1 (else 400);</li>
 *   <li>body ≤ 4096 bytes (else 413) and shaped as the format's contract §3 payload, no nulls (else 400).</li>
 * </ul>
 * A valid request is answered 201 and recorded in {@link #pushes()}, unless the test told it to
 * answer otherwise with {@link #failNext} (the next N valid requests) or {@link #answerFor} (one
 * device handle, e.g. 410 for a dead one). Binds 127.0.0.1 on a free port; close it after the test.
 */
public final class AzureHubStandIn implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's small writes can wait on delayed ACKs (~40 ms each).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private static final Set<String> DATA_FIELDS =
            Set.of("id", "protocol", "backend-key", "update", "title", "body", "sound");

    /** One accepted push. {@code sasExpiry} is the {@code se} of the token it carried. */
    public record Push(String format, String handle, JsonNode body, Instant receivedAt, long sasExpiry) {
    }

    /** An answer the hub gives instead of 201: status, {@code Retry-After} (or null), and the Detail text. */
    public record Answer(int status, String retryAfter, String detail) {
        public static Answer of(int status, String detail) {
            return new Answer(status, null, detail);
        }

        public static Answer retryAfter(int status, String retryAfter) {
            return new Answer(status, retryAfter, "Too many requests. Please retry later.");
        }
    }

    private final String hubName;
    private final String keyName;
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String expectedSr;
    /** Guarded by itself (a copy-on-write list would make n pushes cost n² copies). */
    private final List<Push> pushes = new java.util.ArrayList<>();
    private final Map<String, Answer> byHandle = new ConcurrentHashMap<>();
    private final Deque<Answer> next = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private volatile Answer down;
    private volatile String proxiedSr;

    /** A valid request answered with something other than 201, and when. */
    public record Refusal(int status, Instant at) {
    }

    private volatile java.util.function.Consumer<Push> listener = p -> { };

    private AzureHubStandIn(String hubName, String keyName, String key) throws IOException {
        this.hubName = hubName;
        this.keyName = keyName;
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.expectedSr = jsEncode(endpoint() + "/" + hubName + "/messages");
    }

    /** Starts a hub named {@code hubName} whose policy {@code keyName} has key {@code key}. */
    public static AzureHubStandIn start(String hubName, String keyName, String key) {
        try {
            return new AzureHubStandIn(hubName, keyName, key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Azure hub stand-in", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: use as the gateway's endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every accepted push so far, in arrival order. */
    public List<Push> pushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /**
     * Waits until at least {@code count} accepted pushes match {@code which}, or {@code timeout} passes;
     * returns the matching pushes (fewer than {@code count} on time-out).
     */
    public List<Push> awaitPushes(java.util.function.Predicate<Push> which, int count, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pushes) {
            while (true) {
                List<Push> matching = pushes.stream().filter(which).toList();
                long left = deadline - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return matching;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(pushes, left);
            }
        }
    }

    /** Calls {@code listener} with each accepted push as it is accepted (on the server's threads). */
    public void onPush(java.util.function.Consumer<Push> listener) {
        this.listener = listener;
    }

    /** Requests received so far, accepted or not. */
    public int requestCount() {
        return requests.get();
    }

    /** Answers the next {@code n} valid requests with {@code answer} instead of 201 (queued after earlier calls). */
    public void failNext(int n, Answer answer) {
        synchronized (next) {
            for (int i = 0; i < n; i++) {
                next.addLast(answer);
            }
        }
    }

    /**
     * Also accepts SAS tokens signed for {@code proxyEndpoint}'s resource URL: for tests that put a proxy (such as
     * {@link FaultProxy}) in front of the hub, which a gateway then signs for.
     */
    public void acceptSasFor(URI proxyEndpoint) {
        proxiedSr = jsEncode(proxyEndpoint + "/" + hubName + "/messages");
    }

    /** Answers every valid request with {@code answer} until {@link #up()}: the hub is down. */
    public void down(Answer answer) {
        down = answer;
    }

    public void up() {
        down = null;
    }

    /** The most requests the hub was answering at once so far. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Valid requests refused on the test's orders ({@link #failNext}, {@link #answerFor}, {@link #down}), in order. */
    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** Answers every valid request to {@code handle} with {@code answer} (e.g. 410 for a dead handle). */
    public void answerFor(String handle, Answer answer) {
        byHandle.put(handle, answer);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    // ------------------------------------------------------------------ the hub

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes(); // read it all, or the connection is not reused
            Answer answer = check(ex, body);
            if (answer == null) {
                String handle = ex.getRequestHeaders().getFirst("ServiceBusNotification-DeviceHandle");
                answer = scripted(handle);
                if (answer != null) {
                    refusals.add(new Refusal(answer.status(), Instant.now()));
                } else {
                    Push push = new Push(ex.getRequestHeaders().getFirst("ServiceBusNotification-Format"), handle,
                            JSON.readTree(body), Instant.now(), sasExpiry(ex));
                    synchronized (pushes) {
                        pushes.add(push);
                        pushes.notifyAll();
                    }
                    listener.accept(push);
                    ex.sendResponseHeaders(201, -1);
                    return;
                }
            }
            if (answer.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            byte[] xml = ("<Error><Code>" + answer.status() + "</Code><Detail>" + answer.detail()
                    + "TrackingId:00000000-0000-0000-0000-000000000000,TimeStamp:" + Instant.now()
                    + "</Detail></Error>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
            ex.sendResponseHeaders(answer.status(), xml.length);
            ex.getResponseBody().write(xml);
        }
    }

    private Answer scripted(String handle) {
        Answer downAnswer = down;
        if (downAnswer != null) {
            return downAnswer;
        }
        synchronized (next) {
            if (!next.isEmpty()) {
                return next.pollFirst();
            }
        }
        return byHandle.get(handle);
    }

    /** Null when Azure would accept the request, else its error. */
    private Answer check(HttpExchange ex, byte[] body) {
        URI uri = ex.getRequestURI();
        if (!"POST".equals(ex.getRequestMethod())) {
            return Answer.of(405, "The requested HTTP method is not supported.");
        }
        if (!uri.getRawPath().equals("/" + hubName + "/messages/") && !uri.getRawPath().equals("/" + hubName + "/messages")) {
            return Answer.of(404, "The requested resource was not found.");
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        List<String> params = List.of(query.split("&"));
        if (!params.contains("direct") || !params.contains("api-version=2015-04")) {
            return Answer.of(400, "The request api-version or direct parameter is missing or invalid.");
        }
        String authError = checkSas(ex.getRequestHeaders().getFirst("Authorization"));
        if (authError != null) {
            return Answer.of(401, "ExpiredToken or InvalidSignature: " + authError + ".");
        }
        var h = ex.getRequestHeaders();
        if (!"2015-04".equals(h.getFirst("x-ms-version"))) {
            return Answer.of(400, "The x-ms-version header is missing or invalid.");
        }
        String handle = h.getFirst("ServiceBusNotification-DeviceHandle");
        if (handle == null || handle.isBlank()) {
            return Answer.of(400, "The ServiceBusNotification-DeviceHandle header is missing.");
        }
        String contentType = h.getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return Answer.of(400, "The Content-Type must be application/json.");
        }
        if (body.length > MAX_BODY_BYTES) {
            return Answer.of(413, "The notification payload is too large (" + body.length + " bytes).");
        }
        String format = h.getFirst("ServiceBusNotification-Format");
        if (format == null || !Set.of("apple", "gcm", "fcmv1").contains(format)) {
            return Answer.of(400, "The ServiceBusNotification-Format header is missing or invalid.");
        }
        String shapeError = checkShape(format, body);
        return shapeError == null ? null : Answer.of(400, "The notification payload is invalid: " + shapeError + ".");
    }

    private String checkSas(String authorization) {
        String prefix = "SharedAccessSignature ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            return "no SharedAccessSignature";
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : authorization.substring(prefix.length()).split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return "malformed token";
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        String sr = fields.get("sr");
        String sig = fields.get("sig");
        String se = fields.get("se");
        String skn = fields.get("skn");
        if (sr == null || sig == null || se == null || skn == null) {
            return "token lacks sr, sig, se or skn";
        }
        if (!sr.equals(expectedSr) && !sr.equals(proxiedSr)) {
            return "sr is not this hub's resource";
        }
        if (!skn.equals(keyName)) {
            return "unknown key name";
        }
        if (!se.matches("\\d{1,12}") || Long.parseLong(se) <= Instant.now().getEpochSecond()) {
            return "token expired";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((sr + "\n" + se).getBytes(StandardCharsets.UTF_8));
            byte[] given = Base64.getDecoder().decode(URLDecoder.decode(sig, StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, given) ? null : "signature does not match";
        } catch (IllegalArgumentException e) {
            return "signature is not base64";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sasExpiry(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        int at = auth.indexOf("&se=");
        int end = auth.indexOf('&', at + 1);
        return Long.parseLong(auth.substring(at + 4, end < 0 ? auth.length() : end));
    }

    /** Contract §3 shapes. Returns what is wrong, or null. */
    private static String checkShape(String format, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return "not JSON";
        }
        if (root == null || !root.isObject()) {
            return "not a JSON object";
        }
        return switch (format) {
            case "apple" -> checkApns(root);
            case "gcm" -> checkData(root, "data");
            default -> root.size() == 1 && root.path("message").isObject() && root.get("message").size() == 1
                    ? checkData(root.get("message"), "message.data") : "fcmv1 body must be {\"message\":{…}}";
        };
    }

    private static String checkApns(JsonNode root) {
        for (String f : List.of("id", "protocol", "backend-key", "update")) {
            if (!root.path(f).isTextual()) {
                return f + " must be a string";
            }
        }
        JsonNode aps = root.path("aps");
        if (!aps.isObject()) {
            return "aps must be an object";
        }
        if (!aps.path("content-available").isInt() || aps.get("content-available").intValue() != 1) {
            return "aps.content-available must be 1";
        }
        if (!aps.path("alert").path("title").isTextual() || !aps.path("alert").path("body").isTextual()) {
            return "aps.alert.title and aps.alert.body must be strings";
        }
        if (!aps.path("sound").isTextual()) {
            return "aps.sound must be a string";
        }
        if (aps.size() != 3 || aps.get("alert").size() != 2) {
            return "unexpected fields in aps";
        }
        return root.size() == 5 ? null : "unexpected top-level fields";
    }

    /** {@code parent} must be exactly {@code {"data":{the 7 contract fields, all strings}}}. */
    private static String checkData(JsonNode parent, String name) {
        JsonNode data = parent.get("data");
        if (parent.size() != 1 || data == null || !data.isObject()) {
            return name + " must be the only field, an object";
        }
        if (data.size() != DATA_FIELDS.size()) {
            return name + " must have exactly " + DATA_FIELDS;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!DATA_FIELDS.contains(e.getKey()) || !e.getValue().isTextual()) {
                return name + "." + e.getKey() + " must be one of the contract's string fields";
            }
        }
        return null;
    }

    /** encodeURIComponent, written independently of the production encoder (URLEncoder plus fix-ups). */
    private static String jsEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }
}
