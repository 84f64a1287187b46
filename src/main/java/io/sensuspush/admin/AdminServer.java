package io.sensuspush.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The admin HTTP server of {@code serve}:
 * <ul>
 *   <li>{@code /healthz}: the process is alive (always 200, never needs the token);</li>
 *   <li>{@code /readyz}: 200 while passes succeed (see {@link StatusRecorder#readiness()}), else 503;</li>
 *   <li>{@code /metrics}: Prometheus text format;</li>
 *   <li>{@code /api/status}: {@link Status} as JSON;</li>
 *   <li>{@code /}: the status page, and {@code /assets/*} its script and styles (served from the jar).</li>
 * </ul>
 * Bound beyond loopback, every route but {@code /healthz} needs {@code Authorization: Bearer <token>} (or HTTP
 * Basic with the token as password, so that a browser can ask for it); without a token it refuses to start.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final Map<String, String> ASSETS = Map.of(
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE", "text/plain; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "status.css", "text/css; charset=utf-8");

    /**
     * @param bind  address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0}, …)
     * @param port  0 picks a free port
     * @param token the bearer token (from {@code SENSUS_PUSH_ADMIN_TOKEN}), or null; when set it is always required
     */
    public record Config(String bind, int port, String token) {
        @Override
        public String toString() {
            return "Config[bind=" + bind + ", port=" + port + ", token=" + (token == null ? "none" : "set") + "]";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final StatusRecorder status;
    private final Supplier<String> metrics;
    private final byte[] token;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final StatusPage page = new StatusPage(new ObjectMapper());

    private AdminServer(HttpServer server, StatusRecorder status, Supplier<String> metrics, String token) {
        this.server = server;
        this.status = status;
        this.metrics = metrics;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts the server.
     *
     * @param metrics the Prometheus text of every meter
     * @throws IllegalArgumentException bound beyond loopback without a token, or the address cannot be bound
     */
    public static AdminServer start(Config config, StatusRecorder status, Supplier<String> metrics) {
        String token = config.token() == null || config.token().isBlank() ? null : config.token().strip();
        InetAddress address;
        try {
            address = InetAddress.getByName(config.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--admin-bind " + config.bind() + ": unknown address");
        }
        if (!address.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("--admin-bind " + config.bind() + " is reachable beyond this machine: "
                    + "set SENSUS_PUSH_ADMIN_TOKEN to a secret that clients must send as a bearer token");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, config.port()), 0);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + config.bind() + ":" + config.port() + ": "
                    + e.getMessage());
        }
        AdminServer s = new AdminServer(http, status, metrics, token);
        http.setExecutor(s.executor);
        http.createContext("/", s::handle);
        http.start();
        log.info("admin server on {} (status page, /metrics, /healthz, /readyz){}", s.uri(),
                token == null ? "" : "; bearer token required");
        return s;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            if (path.equals("/healthz")) {
                send(ex, 200, "text/plain; charset=utf-8", "ok\n");
                return;
            }
            if (!authorized(ex)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"sensus-push\"");
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"sensus-push\", charset=\"UTF-8\"");
                send(ex, 401, "text/plain; charset=utf-8", "unauthorized: send the admin token\n");
                return;
            }
            switch (path) {
                case "/readyz" -> {
                    StatusRecorder.Readiness r = status.readiness();
                    send(ex, r.ready() ? 200 : 503, "application/json",
                            json.writeValueAsString(Map.of("ready", r.ready(), "reason", r.reason())));
                }
                case "/metrics" -> send(ex, 200, io.sensuspush.metrics.Metrics.CONTENT_TYPE, metrics.get());
                case "/api/status" -> send(ex, 200, "application/json", json.writeValueAsString(status.snapshot()));
                case "/" -> {
                    ex.getResponseHeaders().set("Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
                    ex.getResponseHeaders().set("Cache-Control", "no-store");
                    send(ex, 200, "text/html; charset=utf-8", page.render(status.snapshot()));
                }
                default -> asset(ex, path);
            }
        } catch (RuntimeException e) {
            log.warn("admin request {} failed: {}", ex.getRequestURI().getPath(), e.toString());
            try {
                send(ex, 500, "text/plain; charset=utf-8", "internal error\n");
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way
            }
        }
    }

    private void asset(HttpExchange ex, String path) throws IOException {
        String name = path.startsWith("/assets/") ? path.substring("/assets/".length()) : "";
        String type = ASSETS.get(name);
        if (type == null) {
            send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        try (InputStream in = AdminServer.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("asset missing from the jar: " + name));
            }
            ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
            send(ex, 200, type, in.readAllBytes());
        }
    }

    /** True when no token is configured, or the request carries it (Bearer, or Basic with it as password). */
    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return false;
        }
        String presented = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).strip();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String userPass = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = userPass.indexOf(':');
                presented = colon < 0 ? null : userPass.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        // Constant-time comparison: the token is a secret.
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    /** Stops listening (a request in flight may be cut short). */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
