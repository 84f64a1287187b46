package io.sensuspush.admin;

import io.sensuspush.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.metrics.Metrics;
import io.sensuspush.metrics.PassMetrics;
import io.sensuspush.metrics.TimedObjectStore;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small generated study in a directory store, served through the Azure hub stand-in (which answers 410 for
 * two devices' handles and 400 for a third), observed by a {@link StatusRecorder} and {@link PassMetrics}, with
 * the admin server on 127.0.0.1.
 */
final class StudyFixture implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration LEAD = Duration.ofMinutes(1);

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    final Metrics metrics = new Metrics();
    final ObjectStore store;
    final Mailbox mailbox;
    final ExampleStudy.Expected expected;
    final AzureHubStandIn hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, "key");
    final AzureGateway gateway;
    final StatusRecorder status;
    final PassRunner runner;
    final AdminServer server;
    final Set<String> deadDevices = new LinkedHashSet<>();
    final Set<String> badMessageDevices = new LinkedHashSet<>();
    final List<String> fullTokens = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    StudyFixture(Path dir, String token) {
        store = new TimedObjectStore(new DirectoryObjectStore(dir, "push-notifications"), metrics.registry());
        mailbox = new Mailbox(store, 8);
        expected = ExampleStudy.write(store, new ExampleStudy.Spec(40, 7, 7, clock.instant(), LEAD), 8);
        var tokens = mailbox.readTokens().byDevice();
        tokens.values().stream().filter(t -> t.hasToken()).forEach(t -> fullTokens.add(t.token()));
        // Devices of due user pushes: two get a dead handle, one a malformed-message answer.
        List<String> devices = expected.userPushes().keySet().stream().sorted()
                .map(key -> ((RequestFile.Valid) mailbox.readRequest(key).orElseThrow()).request())
                .map(PushRequest::device).distinct().limit(3).toList();
        for (int i = 0; i < devices.size(); i++) {
            String handle = tokens.get(devices.get(i)).token();
            if (i < 2) {
                deadDevices.add(devices.get(i));
                hub.answerFor(handle, AzureHubStandIn.Answer.of(410, "The device handle is gone."));
            } else {
                badMessageDevices.add(devices.get(i));
                hub.answerFor(handle, AzureHubStandIn.Answer.of(400, "The payload is invalid."));
            }
        }
        gateway = new AzureGateway(AzureConfig.of("x", "hub", AzureConfig.DEFAULT_KEY_NAME, "key")
                .withEndpoint(hub.endpoint()));
        status = new StatusRecorder(clock, gateway.name(), store.describe(), INTERVAL, LEAD);
        runner = new PassRunner(mailbox, gateway, clock,
                new PassRunner.Options(new PassSettings(LEAD, Duration.ofMinutes(5)), 8, false))
                .observedBy(new ObserverGroup(List.of(status, new PassMetrics(metrics.registry(), clock))));
        server = AdminServer.start(new AdminServer.Config("127.0.0.1", 0, token), status, metrics::scrape);
    }

    HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode apiStatus() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/status", null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/api/status answered " + r.statusCode());
        }
        return json.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
        http.close();
        gateway.close();
        hub.close();
        store.close();
        metrics.close();
    }
}
