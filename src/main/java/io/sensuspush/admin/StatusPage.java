package io.sensuspush.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders a {@link Status} as the HTML status page for study staff. Server-rendered; the two charts are drawn
 * by the vendored uPlot from data embedded in the page; the page reloads itself every {@value #REFRESH_SECONDS}
 * seconds. Every value is HTML-escaped.
 */
final class StatusPage {
    static final int REFRESH_SECONDS = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper json;

    StatusPage(ObjectMapper json) {
        this.json = json;
    }

    String render(Status s) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>sensus-push status</title>")
                .append("<link rel=\"stylesheet\" href=\"assets/uPlot.min.css\">")
                .append("<link rel=\"stylesheet\" href=\"assets/status.css\">")
                .append("</head><body>\n");

        h.append("<header><h1>sensus-push</h1><span id=\"readiness\" class=\"badge ")
                .append(s.ready() ? "ok\">Running" : "bad\">Not ready").append("</span>")
                .append("<span class=\"meta\">store <b>").append(esc(s.store())).append("</b> · gateway <b>")
                .append(esc(s.gateway())).append("</b> · scan every ").append(s.intervalSeconds())
                .append(" s · last good pass <b id=\"last-success\">")
                .append(s.lastSuccess() == null ? "none yet" : time(s.lastSuccess())).append("</b> UTC</span>")
                .append("</header>\n<main>\n");
        if ("log".equals(s.gateway())) {
            h.append("<p class=\"warn\">The <b>log</b> gateway is configured: notifications are printed, "
                    + "not delivered to devices.</p>\n");
        }

        h.append("<section class=\"cards\">");
        card(h, "waiting", "Waiting", s.requests().waiting(), "not due yet", "");
        card(h, "due", "Due, unacknowledged", s.requests().due(), "pushed, awaiting the app", "");
        card(h, "late", "Late", s.requests().late(), "unacknowledged 10+ min after their time",
                s.requests().late() > 0 ? "warn" : "");
        card(h, "pushed", "Delivered", s.totals().pushed(), "notifications since start", "good");
        card(h, "failing", "Failed pushes", s.totals().pushFailures(), "retry later, malformed or refused",
                s.totals().pushFailures() > 0 ? "bad" : "");
        card(h, "dead", "Dead tokens", s.deadTokens().size(), "devices to re-register",
                s.deadTokens().isEmpty() ? "" : "warn");
        card(h, "rejected", "Rejected files", s.rejected().total(), "broken request files",
                s.rejected().total() > 0 ? "warn" : "");
        h.append("</section>\n");

        h.append("<section class=\"charts\">")
                .append("<div class=\"panel\"><h2>Pending requests by due time, next 24 hours</h2>")
                .append("<p class=\"sub\"><span id=\"pending-24h\">").append(s.requests().dueInNext24Hours())
                .append("</span> requests fall due in the next 24 hours (per hour)</p>")
                .append("<div id=\"chart-pending\" class=\"chart\"></div></div>")
                .append("<div class=\"panel\"><h2>Pushes per minute, last 3 hours</h2>")
                .append("<p class=\"sub\"><span class=\"key delivered\"></span>delivered ")
                .append("<span class=\"key failed\"></span>failed</p>")
                .append("<div id=\"chart-pushes\" class=\"chart\"></div></div>")
                .append("</section>\n");

        h.append("<section class=\"panel\"><h2>Last passes</h2>");
        table(h, "passes", s.passes(), "No pass yet.",
                List.of("Time (UTC)", "Duration", "Result", "Pushed", "Update notif.", "Packed", "Deleted",
                        "Waiting", "Paced", "Failed", "Rejected"),
                p -> List.of(time(p.at()), String.format(Locale.ROOT, "%.2f s", p.durationMillis() / 1000.0),
                        p.ok() ? "ok" : "failed: " + p.error(), n(p.pushed()), n(p.updateNotifications()),
                        n(p.packed()), n(p.deleted()), n(p.waiting()), n(p.paced()), n(p.failed()), n(p.rejected())),
                p -> p.ok() ? "" : "bad");
        h.append("</section>\n");

        h.append("<section class=\"panel\"><h2>Late notifications</h2>")
                .append("<p class=\"sub\">Due requests the app has not acknowledged 10 minutes after their time; ")
                .append("they are pushed again every re-push interval until the app acknowledges or a day has passed.</p>");
        table(h, "late-list", s.late(), "Nothing late.", List.of("Due (UTC)", "Late by", "Device", "Platform",
                        "Request file"),
                l -> List.of(time(l.time()), l.minutesLate() + " min", l.device(), l.platform(),
                        "requests/" + l.backendKey() + ".json"),
                l -> "");
        h.append("</section>\n");

        h.append("<section class=\"panel\"><h2>Failing pushes</h2>")
                .append("<p class=\"sub\">Recent pushes the push service did not accept.</p>");
        table(h, "failing-list", s.failing(), "No failures.", List.of("Time (UTC)", "Device", "Platform", "Kind",
                        "Outcome", "Reason"),
                f -> List.of(time(f.at()), f.device(), f.platform(), f.kind(), f.outcome().replace('_', ' '),
                        f.reason()),
                f -> "bad");
        h.append("</section>\n<section class=\"panel\"><h2>Devices with dead tokens</h2>")
                .append("<p class=\"sub\">The push service says these tokens will never work again; the app ")
                .append("must register a new one.</p>");
        table(h, "dead-list", s.deadTokens(), "No dead tokens.", List.of("Device", "Platform", "Token", "Reason",
                        "Seen (UTC)"),
                d -> List.of(d.device(), d.platform(), d.token(), d.reason(), time(d.at())), d -> "");
        h.append("</section>\n");

        h.append("<section class=\"panel\"><h2>Rejected files</h2>")
                .append("<p class=\"sub\">Broken request files moved aside to <code>rejected/</code>; ")
                .append("the reason says what is wrong.</p>");
        table(h, "rejected-list", s.rejected().files(), "No rejected files.", List.of("Seen (UTC)", "File", "Reason"),
                r -> List.of(time(r.at()), r.key(), r.reason()), r -> "");
        h.append("</section>\n");

        h.append("</main><footer>Generated ").append(time(s.generatedAt())).append(" UTC · running since ")
                .append(time(s.startedAt())).append(" UTC · ").append(s.totals().passes()).append(" passes (")
                .append(s.totals().failedPasses()).append(" failed) · refreshes every ").append(REFRESH_SECONDS)
                .append(" s · <a href=\"api/status\">JSON</a> · <a href=\"metrics\">metrics</a></footer>\n");

        h.append("<script type=\"application/json\" id=\"chart-data\">").append(chartData(s)).append("</script>")
                .append("<script src=\"assets/uPlot.iife.min.js\"></script>")
                .append("<script src=\"assets/status.js\"></script>")
                .append("</body></html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, String id, String label, long value, String hint, String tone) {
        h.append("<div class=\"card ").append(tone).append("\"><div class=\"label\">").append(esc(label))
                .append("</div><div class=\"value\" id=\"kpi-").append(id).append("\">").append(value)
                .append("</div><div class=\"hint\">").append(esc(hint)).append("</div></div>");
    }

    private static <T> void table(StringBuilder h, String id, List<T> rows, String empty, List<String> headers,
                                  Function<T, List<String>> cells, Function<T, String> rowClass) {
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\" id=\"").append(id).append("\">").append(esc(empty)).append("</p>");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"").append(id).append("\"><thead><tr>");
        headers.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (T row : rows) {
            h.append("<tr class=\"").append(rowClass.apply(row)).append("\">");
            cells.apply(row).forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");
    }

    /** The chart series as JSON: x in Unix seconds. Safe inside a script element ({@code <} escaped). */
    private String chartData(Status s) {
        long[] px = s.pending().stream().mapToLong(p -> Instant.parse(p.from()).getEpochSecond()).toArray();
        int[] py = s.pending().stream().mapToInt(Status.PendingHour::count).toArray();
        long[] mx = s.pushesPerMinute().stream().mapToLong(m -> Instant.parse(m.minute()).getEpochSecond()).toArray();
        int[] md = s.pushesPerMinute().stream().mapToInt(Status.MinuteCount::delivered).toArray();
        int[] mf = s.pushesPerMinute().stream().mapToInt(Status.MinuteCount::failed).toArray();
        try {
            return json.writeValueAsString(java.util.Map.of("pending", List.of(px, py), "pushes", List.of(mx, md, mf)))
                    .replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String n(int v) {
        return Integer.toString(v);
    }

    private static String time(String iso) {
        return iso == null ? "" : TIME.format(Instant.parse(iso));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
