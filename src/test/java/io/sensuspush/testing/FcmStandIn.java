package io.sensuspush.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local Firebase Cloud Messaging HTTP v1 service on 127.0.0.1 that checks what the real one checks:
 * <ul>
 *   <li>{@code POST /token}: Google's OAuth2 JWT-bearer grant. The assertion must be an RS256 JWT signed with the
 *   service account's key (verified with the public key of the test key pair), issued by its client_email, with
 *   Google's token URL as audience, the firebase.messaging scope and a lifetime of at most an hour.</li>
 *   <li>{@code POST /v1/projects/<project>/messages:send}: a Bearer token this stand-in issued, the right project,
 *   a JSON message with a token, a data map of strings only (and here: exactly the contract's 7 fields), Android
 *   priority and a ttl like {@code "3600s"}, data at most 4,096 bytes; answered with FCM's real error bodies.</li>
 * </ul>
 * Tests can program errors ({@link FcmError}) for one token or for the next requests.
 */
public final class FcmStandIn implements AutoCloseable {
    public static final String PROJECT = "sensus-test-project";
    public static final String CLIENT_EMAIL = "sensus-push@sensus-test-project.iam.gserviceaccount.com";
    public static final String KEY_ID = "0123456789abcdef0123456789abcdef01234567";
    public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    public static final Set<String> CONTRACT_FIELDS = Set.of("id", "protocol", "backend-key", "update", "title", "body", "sound");
    private static final Set<String> GOOGLE_TOKEN_AUDIENCES = Set.of(
            "https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/token");
    private static final Pattern TTL = Pattern.compile("\\d+(\\.\\d{1,9})?s");
    private static final Set<String> MESSAGE_FIELDS = Set.of("token", "data", "android", "notification", "apns", "webpush",
            "fcm_options", "name", "topic", "condition");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair serviceAccountKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger sendRequests = new AtomicInteger();
    private final ConcurrentLinkedQueue<JsonNode> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    private final Map<String, FcmError> errorsByToken = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<FcmError> nextErrors = new ConcurrentLinkedQueue<>();

    private FcmStandIn(KeyPair serviceAccountKey) throws IOException {
        this.serviceAccountKey = serviceAccountKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::send);
        server.start();
    }

    /** Starts with a fresh RSA 2048 service-account key pair. */
    public static FcmStandIn start() throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new FcmStandIn(g.generateKeyPair());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI tokenUri() {
        return URI.create(endpoint() + "/token");
    }

    /** Writes a service-account key file as the Firebase console issues it, pointing at this stand-in's token endpoint. */
    public Path writeServiceAccount(Path dir) throws IOException {
        return writeServiceAccount(dir, serviceAccountKey);
    }

    /** The same, but with another key pair (whose JWTs this stand-in must refuse). */
    public Path writeServiceAccount(Path dir, KeyPair key) throws IOException {
        ObjectNode sa = JSON.createObjectNode();
        sa.put("type", "service_account");
        sa.put("project_id", PROJECT);
        sa.put("private_key_id", KEY_ID);
        sa.put("private_key", Pem.privateKey(key.getPrivate()));
        sa.put("client_email", CLIENT_EMAIL);
        sa.put("client_id", "112233445566778899000");
        sa.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        sa.put("token_uri", tokenUri().toString());
        sa.put("universe_domain", "googleapis.com");
        Path file = Files.createTempFile(dir, "service-account-", ".json");
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sa));
        return file;
    }

    /** Answers every later request for this token with {@code error}. */
    public void failToken(String token, FcmError error) {
        errorsByToken.put(token, error);
    }

    /** Answers the next {@code n} valid send requests (any token) with {@code error}. */
    public void failNext(int n, FcmError error) {
        for (int i = 0; i < n; i++) {
            nextErrors.add(error);
        }
    }

    /** Forgets every access token issued so far, as when Google revokes them. */
    public void revokeAccessTokens() {
        issuedTokens.clear();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Send requests received, accepted or not. */
    public int sendRequests() {
        return sendRequests.get();
    }

    /** The {@code message} objects accepted, in arrival order. */
    public List<JsonNode> accepted() {
        return new ArrayList<>(accepted);
    }

    /** Why requests were refused by the stand-in's own checks (not programmed errors), for failing tests. */
    public List<String> refusals() {
        return new ArrayList<>(refusals);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    // ---- OAuth2 token endpoint ----

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            tokenRequests.incrementAndGet();
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, "{\"error\":\"invalid_request\"}", Map.of());
                return;
            }
            Map<String, String> form = parseForm(new String(readAll(ex.getRequestBody()), StandardCharsets.UTF_8));
            if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
                refuseToken(ex, "unsupported_grant_type", "grant_type " + form.get("grant_type"));
                return;
            }
            String problem = checkAssertion(form.get("assertion"));
            if (problem != null) {
                refuseToken(ex, "invalid_grant", problem);
                return;
            }
            String accessToken = "ya29.stand-in-" + UUID.randomUUID();
            issuedTokens.add(accessToken);
            answer(ex, 200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}", Map.of());
        }
    }

    private void refuseToken(HttpExchange ex, String error, String why) throws IOException {
        refusals.add("token: " + why);
        answer(ex, 400, "{\"error\":\"" + error + "\",\"error_description\":\"" + why.replace("\"", "'") + "\"}", Map.of());
    }

    /** Null when the JWT is a valid assertion of our service account; otherwise what is wrong with it. */
    private String checkAssertion(String jwt) {
        if (jwt == null) {
            return "no assertion";
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "assertion is not a JWT";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "alg " + header.path("alg").asText();
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(serviceAccountKey.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "Invalid JWT Signature.";
            }
            long now = Instant.now().getEpochSecond();
            long iat = claims.path("iat").asLong(-1);
            long exp = claims.path("exp").asLong(-1);
            if (!CLIENT_EMAIL.equals(claims.path("iss").asText())) {
                return "iss " + claims.path("iss").asText();
            }
            // Google's token service wants its own URL as the audience, wherever the request is posted.
            if (!GOOGLE_TOKEN_AUDIENCES.contains(claims.path("aud").asText())) {
                return "aud " + claims.path("aud").asText();
            }
            if (!List.of(claims.path("scope").asText().split(" ")).contains(SCOPE)) {
                return "scope " + claims.path("scope").asText();
            }
            if (iat < 0 || exp <= now || iat > now + 60 || exp - iat > 3600) {
                return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
            }
            return null;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "unreadable assertion: " + e.getClass().getSimpleName();
        }
    }

    // ---- v1 send endpoint ----

    private void send(HttpExchange ex) throws IOException {
        try (ex) {
            sendRequests.incrementAndGet();
            byte[] body = readAll(ex.getRequestBody());
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/v1/projects/" + PROJECT + "/messages:send")) {
                reject(ex, "path " + path, FcmError.of(404, "NOT_FOUND", null, "Requested entity was not found."));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                reject(ex, "method", FcmError.of(405, "METHOD_NOT_ALLOWED", null, "Method not allowed."));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !issuedTokens.contains(auth.substring(7))) {
                reject(ex, "authorization", FcmError.of(401, "UNAUTHENTICATED", null,
                        "Request had invalid authentication credentials. Expected OAuth 2 access token."));
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase().startsWith("application/json")) {
                reject(ex, "content type " + type, FcmError.invalidArgument("Invalid JSON payload received."));
                return;
            }
            JsonNode message;
            try {
                message = JSON.readTree(body).path("message");
            } catch (IOException e) {
                reject(ex, "json", FcmError.invalidArgument("Invalid JSON payload received."));
                return;
            }
            String problem = checkMessage(message);
            if (problem != null) {
                reject(ex, problem, FcmError.invalidArgument(problem));
                return;
            }
            String token = message.path("token").asText();
            FcmError programmed = nextErrors.poll();
            if (programmed == null) {
                programmed = errorsByToken.get(token);
            }
            if (programmed != null) {
                answer(ex, programmed.httpStatus(), programmed.body(), programmed.headers());
                return;
            }
            accepted.add(message);
            answer(ex, 200, "{\"name\":\"projects/" + PROJECT + "/messages/0:" + System.nanoTime() + "\"}", Map.of());
        }
    }

    /** Null when the message is one FCM would accept from sensus-push. */
    private static String checkMessage(JsonNode message) {
        if (!message.isObject()) {
            return "Invalid JSON payload received. Missing 'message'.";
        }
        for (var it = message.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!MESSAGE_FIELDS.contains(f)) {
                return "Invalid JSON payload received. Unknown name \"" + f + "\" at 'message'";
            }
        }
        if (!message.path("token").isTextual() || message.path("token").asText().isEmpty()) {
            return "Invalid value at 'message.token'";
        }
        JsonNode data = message.path("data");
        if (!data.isObject()) {
            return "Invalid value at 'message.data'";
        }
        int size = 0;
        Set<String> keys = new java.util.HashSet<>();
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                return "Invalid value at 'message.data[" + e.getKey() + "].value' (TYPE_STRING)";
            }
            String k = e.getKey();
            if (k.equals("from") || k.equals("notification") || k.equals("message_type") || k.startsWith("google.")
                    || k.startsWith("gcm.")) {
                return "Invalid data payload key: " + k;
            }
            keys.add(k);
            size += k.getBytes(StandardCharsets.UTF_8).length + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > 4096) {
            return "Android message is too big";
        }
        if (!keys.equals(CONTRACT_FIELDS)) {
            return "data fields " + keys + " are not the contract's " + CONTRACT_FIELDS;
        }
        JsonNode android = message.path("android");
        if (!android.isMissingNode()) {
            String priority = android.path("priority").asText("");
            if (!priority.isEmpty() && !priority.equalsIgnoreCase("high") && !priority.equalsIgnoreCase("normal")) {
                return "Invalid value at 'message.android.priority'";
            }
            if (android.has("ttl") && !(android.path("ttl").isTextual() && TTL.matcher(android.path("ttl").asText()).matches())) {
                return "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration)";
            }
        }
        return null;
    }

    private void reject(HttpExchange ex, String why, FcmError error) throws IOException {
        refusals.add("send: " + why);
        answer(ex, error.httpStatus(), error.body(), error.headers());
    }

    private static void answer(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /**
     * An FCM v1 error as Google sends it: {@code {"error":{"code","message","status","details":[{"@type":
     * "type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode"}]}}}, optionally with Retry-After.
     */
    public record FcmError(int httpStatus, String status, String errorCode, String message, String retryAfter) {
        static FcmError of(int httpStatus, String status, String errorCode, String message) {
            return new FcmError(httpStatus, status, errorCode, message, null);
        }

        public static FcmError unregistered() {
            return of(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        }

        public static FcmError invalidArgument(String message) {
            return of(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", message);
        }

        /** What FCM answers for a malformed or foreign registration token. */
        public static FcmError invalidToken() {
            return invalidArgument("The registration token is not a valid FCM registration token");
        }

        public static FcmError senderIdMismatch() {
            return of(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
        }

        /** @param retryAfter seconds, or null for no Retry-After header */
        public static FcmError quotaExceeded(Integer retryAfter) {
            return new FcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED",
                    "Quota exceeded for quota metric 'Send requests'.", retryAfter == null ? null : retryAfter.toString());
        }

        public static FcmError unavailable() {
            return of(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
        }

        public static FcmError internal() {
            return of(500, "INTERNAL", "INTERNAL", "Internal error encountered.");
        }

        public static FcmError thirdPartyAuthError() {
            return of(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service");
        }

        String body() {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("code", httpStatus);
            error.put("message", message);
            error.put("status", status);
            if (errorCode != null) {
                ObjectNode d = error.putArray("details").addObject();
                d.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
                d.put("errorCode", errorCode);
            }
            return root.toString();
        }

        Map<String, String> headers() {
            return retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter);
        }
    }
}
