package io.sensuspush.bench;

import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.S3ProxyServer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's servers in a JVM of their own, so that the benchmark JVM's heap holds only the backend:
 * S3Proxy (in-memory, bucket {@code bench}) and the Azure hub stand-in, both on 127.0.0.1. Protocol on
 * standard output, one line each: {@code @@ready <s3 endpoint> <hub endpoint>}, then
 * {@code @@push <received-at epoch ms> <backend-key>} for every push the hub accepts (other lines are logs).
 * Stops when standard input closes.
 */
public final class BenchServers {
    public static final String BUCKET = "bench";

    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        try (S3ProxyServer s3 = S3ProxyServer.start();
             AzureHubStandIn hub = AzureHubStandIn.start(Benchmark.HUB, AzureConfig.DEFAULT_KEY_NAME, Benchmark.HUB_KEY)) {
            s3.createBucket(BUCKET);
            hub.onPush(p -> {
                String line = "@@push " + p.receivedAt().toEpochMilli() + " " + backendKey(p);
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            });
            synchronized (out) {
                out.println("@@ready " + s3.endpoint() + " " + hub.endpoint());
                out.flush();
            }
            while (System.in.read() >= 0) {
                // runs until the benchmark closes our standard input (or exits)
            }
        }
    }

    private static String backendKey(AzureHubStandIn.Push p) {
        var body = p.body();
        var fields = body.has("message") ? body.get("message").get("data") : body.has("data") ? body.get("data") : body;
        String key = fields.path("backend-key").asText();
        return key.isEmpty() ? "-" : key;
    }
}
