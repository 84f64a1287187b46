package io.sensuspush.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.DeleteReason;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin routes over real HTTP, after real passes over a generated study through the Azure hub stand-in. */
class AdminServerTest {
    @TempDir
    Path dir;
    StudyFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void healthIsAlwaysUpAndReadinessFollowsTheLastSuccessfulPass() throws Exception {
        f = new StudyFixture(dir, null);
        assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> before = f.get("/readyz", null);
        assertThat(before.statusCode()).as("no pass yet").isEqualTo(503);
        assertThat(before.body()).contains("no pass has succeeded yet");

        f.runner.runOnce();
        assertThat(f.get("/readyz", null).statusCode()).isEqualTo(200);

        f.clock.advance(StudyFixture.INTERVAL.multipliedBy(3));
        assertThat(f.get("/readyz", null).statusCode()).as("exactly three intervals: still ready").isEqualTo(200);
        f.clock.advance(java.time.Duration.ofSeconds(1));
        HttpResponse<String> stale = f.get("/readyz", null);
        assertThat(stale.statusCode()).as("no success for over three intervals").isEqualTo(503);
        assertThat(stale.body()).contains("store may be unreachable");

        f.runner.runOnce();
        assertThat(f.get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(f.get("/nowhere", null).statusCode()).isEqualTo(404);
    }

    @Test
    void withATokenEveryRouteButHealthNeedsIt() throws Exception {
        f = new StudyFixture(dir, "s3cret-admin-token");
        f.runner.runOnce();
        assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/readyz", "/metrics", "/api/status", "/", "/assets/status.js")) {
            HttpResponse<String> none = f.get(path, null);
            assertThat(none.statusCode()).as(path + " without token").isEqualTo(401);
            assertThat(none.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Bearer"));
            assertThat(none.body()).doesNotContain("s3cret");
            assertThat(f.get(path, "Bearer wrong").statusCode()).as(path + " wrong token").isEqualTo(401);
            assertThat(f.get(path, "Bearer s3cret-admin-token").statusCode()).as(path + " bearer").isEqualTo(200);
            String basic = Base64.getEncoder().encodeToString("staff:s3cret-admin-token".getBytes(StandardCharsets.UTF_8));
            assertThat(f.get(path, "Basic " + basic).statusCode()).as(path + " basic (browsers)").isEqualTo(200);
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAToken() {
        StatusRecorder status = new StatusRecorder(java.time.Clock.systemUTC(), "log", "dir",
                StudyFixture.INTERVAL, StudyFixture.LEAD);
        assertThatThrownBy(() -> AdminServer.start(new AdminServer.Config("0.0.0.0", 0, null), status, () -> ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SENSUS_PUSH_ADMIN_TOKEN");
        assertThatThrownBy(() -> AdminServer.start(new AdminServer.Config("0.0.0.0", 0, "  "), status, () -> ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricsParsedByAPrometheusParserMatchThePass() throws Exception {
        f = new StudyFixture(dir, null);
        PassSummary s = f.runner.runOnce().summary();
        HttpResponse<String> r = f.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, MetricFamily> m = parse(r.body());

        assertThat(value(m, "sensus_push_passes_total", Map.of("outcome", "ok"))).isEqualTo(1.0);
        assertThat(value(m, "sensus_push_passes_total", Map.of("outcome", "failed"))).isEqualTo(0.0);
        assertThat(((Summary) one(m, "sensus_push_pass_duration_seconds", Map.of())).getSampleCount()).isEqualTo(1);
        assertThat(value(m, "sensus_push_requests", Map.of("state", "waiting"))).isEqualTo((double) f.expected.waiting());
        for (DeleteReason reason : DeleteReason.values()) {
            assertThat(value(m, "sensus_push_deletions_total", Map.of("reason", reason.label())))
                    .as(reason.label()).isEqualTo((double) s.deleted().getOrDefault(reason, 0));
        }
        assertThat(value(m, "sensus_push_rejected_files_total", Map.of())).isEqualTo((double) f.expected.rejected().size());

        // Pushes by outcome, summed over platforms and kinds, against the pass and the hub's own records.
        Map<String, Double> byOutcome = new HashMap<>();
        for (Metric x : m.get("sensus_push_pushes_total").getMetrics()) {
            assertThat(x.getLabels()).containsEntry("gateway", "azure").containsKey("platform").containsKey("kind");
            byOutcome.merge(x.getLabels().get("outcome"), ((Counter) x).getValue(), Double::sum);
        }
        assertThat(byOutcome.get("delivered")).isEqualTo((double) (s.pushed() + s.updateNotifications()))
                .isEqualTo((double) f.hub.pushes().size());
        assertThat(byOutcome.get("dead_token")).isEqualTo((double) s.deadTokens()).isGreaterThanOrEqualTo(2.0);
        assertThat(byOutcome.get("bad_message")).isEqualTo((double) s.badMessages()).isGreaterThanOrEqualTo(1.0);
        long latencies = m.get("sensus_push_gateway_latency_seconds").getMetrics().stream()
                .mapToLong(x -> ((Summary) x).getSampleCount()).sum();
        assertThat(latencies).isEqualTo(f.hub.requestCount());
        assertThat(((Summary) one(m, "sensus_push_store_latency_seconds", Map.of("operation", "get")))
                .getSampleCount()).isGreaterThan(0);
        assertThat(m).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "system_cpu_count");
    }

    @Test
    void apiStatusAfterAPassShowsWhatHappened() throws Exception {
        f = new StudyFixture(dir, null);
        PassSummary s = f.runner.runOnce().summary();
        HttpResponse<String> raw = f.get("/api/status", null);
        JsonNode st = f.json.readTree(raw.body());

        long userPushes = f.hub.pushes().stream().filter(p -> !isUpdate(p.body())).count();
        assertThat(st.at("/totals/pushed").asLong()).isEqualTo(s.pushed()).isEqualTo(userPushes);
        assertThat(st.at("/totals/updateNotifications").asLong()).isEqualTo(s.updateNotifications())
                .isEqualTo(f.hub.pushes().size() - userPushes);
        assertThat(st.at("/totals/passes").asLong()).isEqualTo(1);
        assertThat(st.at("/ready").asBoolean()).isTrue();
        assertThat(st.at("/requests/waiting").asInt()).isEqualTo(f.expected.waiting());
        assertThat(st.at("/requests/due").asInt()).as("due user requests, as the pass planned them")
                .isEqualTo(f.expected.userPushes().size() + f.expected.unacknowledgeablePushes().size());
        assertThat(st.at("/passes/0/pushed").asInt()).isEqualTo(s.pushed());
        assertThat(st.at("/passes/0/failed").asInt()).isEqualTo(s.failed());

        int pending = 0;
        for (JsonNode h : st.get("pending")) {
            pending += h.get("count").asInt();
        }
        assertThat(st.get("pending")).hasSize(24);
        assertThat(pending).isEqualTo(st.at("/requests/dueInNext24Hours").asInt())
                .isPositive().isLessThanOrEqualTo(f.expected.waiting());

        int delivered = 0;
        int failed = 0;
        for (JsonNode mnt : st.get("pushesPerMinute")) {
            delivered += mnt.get("delivered").asInt();
            failed += mnt.get("failed").asInt();
        }
        assertThat(delivered).isEqualTo(f.hub.pushes().size());
        assertThat(failed).isEqualTo(f.hub.requestCount() - f.hub.pushes().size());

        Set<String> dead = new HashSet<>();
        st.get("deadTokens").forEach(d -> {
            dead.add(d.get("device").asText());
            assertThat(d.get("token").asText()).contains("…").hasSizeLessThan(12);
        });
        assertThat(dead).isEqualTo(f.deadDevices);
        assertThat(st.get("failing")).isNotEmpty().allSatisfy(x -> {
            assertThat(x.get("outcome").asText()).isEqualTo("bad_message");
            assertThat(f.badMessageDevices).contains(x.get("device").asText());
            assertThat(x.get("reason").asText()).contains("400");
        });

        Set<String> rejected = new HashSet<>();
        st.at("/rejected/files").forEach(x -> {
            rejected.add(x.get("key").asText());
            assertThat(x.get("reason").asText()).isNotBlank();
        });
        assertThat(rejected).isEqualTo(f.expected.rejected());
        assertThat(st.at("/rejected/total").asInt()).isEqualTo(f.expected.rejected().size());

        // The example's due requests are up to an hour old: those over 10 minutes past their time are late.
        assertThat(st.get("late")).isNotEmpty().allSatisfy(l -> assertThat(l.get("minutesLate").asLong()).isGreaterThanOrEqualTo(10));
        assertThat(st.at("/requests/late").asInt()).isEqualTo(st.get("late").size());

        String page = f.get("/", null).body();
        for (String token : f.fullTokens) {
            assertThat(raw.body()).doesNotContain(token);
            assertThat(page).doesNotContain(token);
        }
    }

    @Test
    void theStatusPageAndItsAssetsComeFromTheJar() throws Exception {
        f = new StudyFixture(dir, null);
        f.runner.runOnce();
        HttpResponse<String> page = f.get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("http-equiv=\"refresh\"", "assets/uPlot.iife.min.js")
                .doesNotContain("https://", "http://");
        HttpResponse<String> lib = f.get("/assets/uPlot.iife.min.js", null);
        assertThat(lib.statusCode()).isEqualTo(200);
        assertThat(lib.body()).startsWith("/*! https://github.com/leeoniya/uPlot");
        assertThat(f.get("/assets/../AdminServer.class", null).statusCode()).isEqualTo(404);
    }

    private static boolean isUpdate(JsonNode body) {
        JsonNode data = body.has("message") ? body.path("message").path("data") : body.has("data") ? body.get("data") : body;
        return "true".equals(data.path("update").asText());
    }

    static Map<String, MetricFamily> parse(String text) throws IOException {
        Map<String, MetricFamily> families = new HashMap<>();
        TextPrometheusMetricDataParser parser =
                new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily mf = parser.parse(); mf != null; mf = parser.parse()) {
            families.put(mf.getName(), mf);
        }
        return families;
    }

    static Metric one(Map<String, MetricFamily> m, String family, Map<String, String> labels) {
        assertThat(m).containsKey(family);
        return m.get(family).getMetrics().stream().filter(x -> x.getLabels().entrySet().containsAll(labels.entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError(family + labels + " missing"));
    }

    static double value(Map<String, MetricFamily> m, String family, Map<String, String> labels) {
        Metric x = one(m, family, labels);
        return x instanceof Counter c ? c.getValue() : ((Gauge) x).getValue();
    }
}
