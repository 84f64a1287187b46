package io.sensuspush.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Starts {@link BenchServers} in a child JVM and follows the pushes it reports. */
final class ServerProcess implements AutoCloseable {
    /** A push as the hub accepted it. */
    record Arrival(long receivedAtMillis, String backendKey) {
    }

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<Arrival> arrivals = new ArrayList<>();
    private volatile URI s3;
    private volatile URI hub;

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("bench-servers-reader").start(this::follow);
    }

    static ServerProcess start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire runs tests from a manifest-only jar; it names the real test class path in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx2g", "--sun-misc-unsafe-memory-access=allow",
                "-cp", classPath, BenchServers.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ServerProcess servers = new ServerProcess(p);
        if (!servers.ready.await(60, TimeUnit.SECONDS) || servers.s3 == null) {
            servers.close();
            throw new IllegalStateException("the benchmark's servers did not start");
        }
        return servers;
    }

    private void follow() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f[0].equals("@@push") && f.length == 3) {
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(Long.parseLong(f[1]), f[2]));
                        arrivals.notifyAll();
                    }
                } else if (f[0].equals("@@ready") && f.length == 3) {
                    s3 = URI.create(f[1]);
                    hub = URI.create(f[2]);
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            ready.countDown();
        }
    }

    URI s3() {
        return s3;
    }

    URI hub() {
        return hub;
    }

    int arrivalCount() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    List<Arrival> arrivalsFrom(int index) {
        synchronized (arrivals) {
            return List.copyOf(arrivals.subList(index, arrivals.size()));
        }
    }

    /** Waits until {@code count} arrivals match, or {@code timeout} passes; returns the matching ones. */
    List<Arrival> await(Predicate<Arrival> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (true) {
                List<Arrival> matching = arrivals.stream().filter(which).toList();
                long left = deadline - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return matching;
                }
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
