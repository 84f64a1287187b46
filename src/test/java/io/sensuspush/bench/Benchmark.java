package io.sensuspush.bench;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.daemon.Daemon;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.S3ObjectStore;
import software.amazon.awssdk.services.s3.S3Client;
import io.sensuspush.testing.S3ProxyServer;
import io.sensuspush.util.Parallel;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The performance benchmark: for each study size, a mailbox of {@code M} request files for {@code M/10}
 * devices in S3Proxy, delivered through the Azure hub stand-in, measuring what issue 6 asks for. The two
 * servers run in a child JVM ({@link BenchServers}) so that this JVM's heap figures are the backend's own. One fifth of the requests are due (pushed by the cold pass, then paced), the rest wait
 * for days, so the warm passes go over all {@code M} files. Run it with {@code ./test.sh -Dbench=true}
 * (see docs/performance.md); CI runs a small size as a smoke test.
 */
public final class Benchmark {
    static final String HUB = "bench-hub";
    static final String HUB_KEY = "bench-key";
    static final Duration LEAD = Duration.ofMinutes(1);
    /** Long enough that the cold pass's pushes are not repeated while the benchmark runs. */
    static final Duration REPUSH = Duration.ofHours(1);
    static final int CONCURRENCY = 32;

    /**
     * One size's figures. Times in seconds; on-time errors in milliseconds (push received minus
     * {@code time - lead}).
     */
    public record Row(int requests, int devices, double setupSeconds, double coldSeconds, int coldPushes,
                      double listSeconds, double warmSeconds, int warmFetched, double warmNewSeconds, int warmNewFetched,
                      double pushesPerSecond, long peakHeapMb, double retainedMb,
                      int onTimeCount, int onTimeReceived, long onTimeMedianMs, long onTimeP99Ms) {
    }

    private final PrintStream log;
    private final Duration onTimeWindow;

    /** @param onTimeWindow requests for the daemon fall due spread over this window after it starts */
    public Benchmark(PrintStream log, Duration onTimeWindow) {
        this.log = log;
        this.onTimeWindow = onTimeWindow;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? String.join(",", args) : "1000,10000,100000").split(",")) {
            sizes.add(Integer.parseInt(s.trim().replace("_", "")));
        }
        Benchmark bench = new Benchmark(System.out, Duration.ofSeconds(30));
        System.out.printf("benchmark JVM: %d MB max heap, %d processors, Java %s%n",
                Runtime.getRuntime().maxMemory() / 1048576, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            rows.add(bench.run(size));
        }
        System.out.println(table(rows));
    }

    /** Runs every measurement for a study of {@code requests} request files. */
    public Row run(int requests) throws InterruptedException, java.io.IOException {
        int devices = Math.max(10, requests / 10);
        usedHeapAfterGc();
        try (ServerProcess servers = ServerProcess.start();
             HeapSampler heap = new HeapSampler();
             S3Client client = S3ProxyServer.clientFor(servers.s3());
             AzureGateway gateway = new AzureGateway(AzureConfig.of("bench", HUB, AzureConfig.DEFAULT_KEY_NAME, HUB_KEY)
                     .withEndpoint(servers.hub()));
             ObjectStore store = S3ObjectStore.using(client, BenchServers.BUCKET, "push-notifications")) {
            Random random = new Random(requests);
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            List<String> deviceIds = writeTokens(store, devices, random);
            long now = start.getEpochSecond();
            int due = writeRequests(store, deviceIds, requests, random, now);
            double setup = seconds(t0);
            log.printf("[bench %,d] wrote %,d request files (%,d due) and %,d tokens in %.1fs%n",
                    requests, requests, due, devices, setup);

            PassRunner runner = new PassRunner(new Mailbox(store, CONCURRENCY), gateway, Clock.systemUTC(),
                    new PassRunner.Options(new PassSettings(LEAD, REPUSH), CONCURRENCY, false));
            int hubBefore = servers.arrivalCount();
            long c0 = System.nanoTime();
            PassSummary cold = runner.runOnce().summary();
            double coldSeconds = seconds(c0);
            double pushRate = pushesPerSecond(servers.arrivalsFrom(hubBefore));
            log.printf("[bench %,d] cold pass %.2fs: %s%n", requests, coldSeconds, cold.oneLine());

            // The S3 listing alone, which every pass needs however warm (S3Proxy's cost, not the backend's).
            long l0 = System.nanoTime();
            new Mailbox(store, CONCURRENCY).listRequests();
            double listSeconds = seconds(l0);
            long w0 = System.nanoTime();
            PassSummary warm = runner.runOnce().summary();
            double warmSeconds = seconds(w0);
            int warmFetched = runner.lastRead().fetched();
            log.printf("[bench %,d] listing requests/ alone %.2fs; warm pass %.2fs (fetched %d): %s%n", requests,
                    listSeconds, warmSeconds, warmFetched, warm.oneLine());

            writeRequests(store, deviceIds, Math.max(1, requests / 100), random, now + 7 * 86_400L);
            long n0 = System.nanoTime();
            PassSummary warmNew = runner.runOnce().summary();
            double warmNewSeconds = seconds(n0);
            int warmNewFetched = runner.lastRead().fetched();
            log.printf("[bench %,d] warm pass with 1%% new %.2fs (fetched %d): %s%n", requests, warmNewSeconds,
                    warmNewFetched, warmNew.oneLine());

            OnTime onTime = onTime(runner, store, servers, deviceIds, random, Math.max(warmSeconds, warmNewSeconds));
            log.printf("[bench %,d] daemon on time: %d of %d pushes received, error median %d ms, p99 %d ms%n",
                    requests, onTime.received, onTime.count, onTime.medianMs, onTime.p99Ms);

            long peak = heap.stop();
            // What the daemon keeps between passes: heap in use with the runner reachable, minus without.
            long withRunner = usedHeapAfterGc();
            runner = null;
            long withoutRunner = usedHeapAfterGc();
            double retainedMb = Math.max(0, withRunner - withoutRunner) / 1048576.0;
            return new Row(requests, devices, setup, coldSeconds, cold.pushed(), listSeconds, warmSeconds, warmFetched,
                    warmNewSeconds, warmNewFetched, pushRate, peak / 1048576, retainedMb,
                    onTime.count, onTime.received, onTime.medianMs, onTime.p99Ms);
        }
    }

    private List<String> writeTokens(ObjectStore store, int devices, Random random) {
        List<String> ids = new ArrayList<>();
        Map<String, byte[]> files = new HashMap<>();
        String protocol = uuid(random);
        for (int d = 0; d < devices; d++) {
            String device = uuid(random).toUpperCase();
            ids.add(device);
            Format format = d % 2 == 0 ? Format.APPLE : Format.GCM;
            String token = format == Format.APPLE ? hex(random, 64) : "fcm:" + hex(random, 140);
            files.put(Mailbox.tokenKey(device), ContractJson.writeToken(new TokenFile(device, protocol, format, token)));
        }
        putAll(store, files);
        return ids;
    }

    /**
     * Writes {@code count} user-facing requests; one in five due at {@code now} (when {@code now} is the
     * real clock), the others waiting for days. Returns how many are due.
     */
    private int writeRequests(ObjectStore store, List<String> devices, int count, Random random, long now) {
        Map<String, byte[]> files = new HashMap<>();
        int due = 0;
        for (int i = 0; i < count; i++) {
            String device = devices.get(random.nextInt(devices.size()));
            boolean isDue = i % 5 == 0;
            long time = isDue ? now + LEAD.toSeconds() - random.nextInt(600) : now + 3_600 + random.nextInt(7 * 86_400);
            due += isDue ? 1 : 0;
            files.put(Mailbox.requestKey(uuid(random)), request(random, device, time));
        }
        putAll(store, files);
        return due;
    }

    private static byte[] request(Random random, String device, long time) {
        String backendKey = uuid(random);
        Format format = (device.hashCode() & 1) == 0 ? Format.APPLE : Format.GCM;
        return ContractJson.writeRequest(new PushRequest(backendKey, uuid(random), device, "protocol-1", "Survey",
                "Please answer a few questions", "default", format, time - 86_400, time, null));
    }

    private static void putAll(ObjectStore store, Map<String, byte[]> files) {
        Parallel.map(new ArrayList<>(files.entrySet()), 64, e -> {
            store.put(e.getKey(), e.getValue());
            return null;
        });
    }

    private record OnTime(int count, int received, long medianMs, long p99Ms) {
    }

    /**
     * Writes requests falling due over {@link #onTimeWindow} (each a whole second, as the contract's times
     * are), starting once a scan has had time to see them, as the app schedules requests ahead of time: a
     * request can only be pushed after a listing has found it. Then runs the daemon until every one was
     * pushed, and compares each push's arrival at the hub with its {@code time - lead}.
     *
     * @param scanSeconds how long a warm scan took; the first request falls due after two of them
     */
    private OnTime onTime(PassRunner runner, ObjectStore store, ServerProcess servers, List<String> devices, Random random,
                          double scanSeconds) throws InterruptedException {
        int count = 200;
        long firstDue = Instant.now().getEpochSecond() + 3 + (long) Math.ceil(2 * scanSeconds);
        long window = Math.max(1, onTimeWindow.toSeconds());
        Map<String, Long> dueByKey = new HashMap<>();
        Map<String, byte[]> files = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String backendKey = uuid(random);
            long dueAt = firstDue + (i * window) / count;
            String device = devices.get(random.nextInt(devices.size()));
            Format format = (device.hashCode() & 1) == 0 ? Format.APPLE : Format.GCM;
            files.put(Mailbox.requestKey(backendKey), ContractJson.writeRequest(new PushRequest(backendKey, uuid(random),
                    device, "protocol-1", "On time", "Now", "default", format, dueAt - 60, dueAt + LEAD.toSeconds(), null)));
            dueByKey.put(backendKey, dueAt);
        }
        putAll(store, files);
        Daemon daemon = new Daemon(runner, Clock.systemUTC(), Duration.ofSeconds(30), r -> { });
        Thread thread = Thread.ofPlatform().name("bench-daemon").start(daemon);
        List<ServerProcess.Arrival> pushes;
        try {
            pushes = servers.await(a -> dueByKey.containsKey(a.backendKey()), count,
                    onTimeWindow.plus(Duration.ofSeconds(120 + (long) Math.ceil(2 * scanSeconds))));
        } finally {
            daemon.stop(Duration.ofSeconds(120));
            thread.join();
        }
        List<Long> errors = new ArrayList<>();
        for (ServerProcess.Arrival a : pushes) {
            errors.add(a.receivedAtMillis() - dueByKey.get(a.backendKey()) * 1000);
        }
        errors.sort(null);
        long median = errors.isEmpty() ? -1 : errors.get(errors.size() / 2);
        long p99 = errors.isEmpty() ? -1 : errors.get(Math.min(errors.size() - 1, (int) Math.ceil(errors.size() * 0.99) - 1));
        return new OnTime(count, pushes.size(), median, p99);
    }

    /** Pushes over the time from the first arrival to the last. */
    private static double pushesPerSecond(List<ServerProcess.Arrival> pushes) {
        if (pushes.size() < 2) {
            return Double.NaN;
        }
        long first = pushes.stream().mapToLong(ServerProcess.Arrival::receivedAtMillis).min().orElseThrow();
        long last = pushes.stream().mapToLong(ServerProcess.Arrival::receivedAtMillis).max().orElseThrow();
        return pushes.size() / Math.max(0.001, (last - first) / 1000.0);
    }

    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| requests | devices | setup (s) | cold pass (s) | pushes | S3 listing (s) | warm pass (s) | warm +1% new (s) "
                + "| pushes/s | peak heap (MB) | daemon state (MB) | on-time median (ms) | on-time p99 (ms) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format("| %,d | %,d | %.1f | %.2f | %,d | %.2f | %.2f | %.2f | %,.0f | %d | %.1f | %s | %s |%n",
                    r.requests(), r.devices(), r.setupSeconds(), r.coldSeconds(), r.coldPushes(), r.listSeconds(), r.warmSeconds(),
                    r.warmNewSeconds(), r.pushesPerSecond(), r.peakHeapMb(), r.retainedMb(),
                    r.onTimeMedianMs() + (r.onTimeReceived() < r.onTimeCount() ? " (" + r.onTimeReceived() + "/" + r.onTimeCount() + ")" : ""),
                    r.onTimeP99Ms()));
        }
        return sb.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The most heap in use, sampled every 20 ms on a daemon thread (includes S3Proxy and the hub stand-in). */
    private static final class HeapSampler implements AutoCloseable {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        });

        long stop() {
            running = false;
            return peak;
        }

        @Override
        public void close() {
            running = false;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String hex(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append("0123456789ABCDEF".charAt(random.nextInt(16)));
        }
        return sb.toString();
    }
}
