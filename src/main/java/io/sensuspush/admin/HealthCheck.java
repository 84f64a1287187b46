package io.sensuspush.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container probe without curl: asks this machine's admin server for {@code /healthz}, or the path given as
 * argument (e.g. {@code /readyz}), on the port from {@code SENSUS_PUSH_ADMIN_PORT} (default 8080), sending the
 * admin token when {@code SENSUS_PUSH_ADMIN_TOKEN} is set; exits 0 when it answers 200, else 1. For Docker's
 * HEALTHCHECK and Kubernetes exec probes, which cannot read the token from a secret into a header.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("SENSUS_PUSH_ADMIN_PORT", "8080");
        String path = args.length > 0 && args[0].startsWith("/") ? args[0] : "/healthz";
        String token = System.getenv("SENSUS_PUSH_ADMIN_TOKEN");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3));
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token.strip());
            }
            HttpResponse<Void> r = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("unhealthy: " + e.getMessage());
            System.exit(1);
        }
    }
}
