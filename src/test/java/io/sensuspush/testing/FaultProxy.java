package io.sensuspush.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A fault-injecting HTTP/1.1 proxy on 127.0.0.1 in front of a local server (S3Proxy, the Azure hub stand-in).
 * Each request gets its own connection (the proxy adds {@code Connection: close}, which SigV4 does not sign), so
 * a fault hits exactly one request. A {@linkplain #schedule(IntFunction) schedule} maps the request's number
 * (1, 2, …) to a {@link Fault}: pass it through untouched, answer as S3 does when it is overloaded or broken
 * ({@code 503 SlowDown}, {@code 500 InternalError}, with S3's XML error body), reset the connection, or hang
 * (say nothing until the client gives up).
 */
public final class FaultProxy implements AutoCloseable {
    /** What happens to one request. */
    public enum Fault { PASS, SLOW_DOWN, INTERNAL_ERROR, RESET, HANG }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private volatile IntFunction<Fault> schedule = n -> Fault.PASS;
    private volatile boolean closed;

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    /** A proxy to {@code upstream} ({@code http://127.0.0.1:port}) that passes everything until told otherwise. */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, request number {@code n} (counting from 1 since the proxy started) meets {@code schedule.apply(n)}. */
    public void schedule(IntFunction<Fault> schedule) {
        this.schedule = schedule;
    }

    /** Every request from now on meets {@code fault}: the server is down. */
    public void down(Fault fault) {
        schedule(n -> fault);
    }

    /** Every request passes from now on. */
    public void up() {
        schedule(n -> Fault.PASS);
    }

    /** Requests seen so far. */
    public int requests() {
        return requests.get();
    }

    /** Faults injected so far (every kind but PASS). */
    public int faultsInjected() {
        return injected.entrySet().stream().filter(e -> e.getKey() != Fault.PASS).mapToInt(e -> e.getValue().get()).sum();
    }

    public int injected(Fault fault) {
        return injected.getOrDefault(fault, new AtomicInteger()).get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            Fault fault = schedule.apply(requests.incrementAndGet());
            injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
            switch (fault) {
                case PASS -> relay(client, head);
                case SLOW_DOWN -> answer(client, 503, "Slow Down", "SlowDown", "Please reduce your request rate.");
                case INTERNAL_ERROR -> answer(client, 500, "Internal Server Error", "InternalError",
                        "We encountered an internal error. Please try again.");
                case RESET -> {
                    client.setSoLinger(true, 0); // close with RST, not FIN
                }
                case HANG -> drain(client); // until the client times out and closes
            }
        } catch (IOException e) {
            // the client or the upstream went away: nothing to report to anyone
        } finally {
            open.remove(client);
        }
    }

    /** The request line and headers, up to and including the blank line; null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) { // "\r\n\r\n"
                return head.toByteArray();
            }
        }
        return null;
    }

    /** Forwards the request with {@code Connection: close} and relays both directions until the upstream closes. */
    private void relay(Socket client, byte[] head) throws IOException {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        StringBuilder rewritten = new StringBuilder();
        for (String line : text.split("\r\n")) {
            if (!line.toLowerCase(java.util.Locale.ROOT).startsWith("connection:")) {
                rewritten.append(line).append("\r\n");
            }
        }
        rewritten.append("Connection: close\r\n\r\n");
        try (Socket up = new Socket(upstream.getAddress(), upstream.getPort())) {
            open.add(up);
            up.getOutputStream().write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
            threads.submit(() -> {
                try {
                    client.getInputStream().transferTo(up.getOutputStream());
                } catch (IOException e) {
                    // one side closed
                }
            });
            up.getInputStream().transferTo(client.getOutputStream());
            client.shutdownOutput();
        } finally {
            open.removeIf(s -> s.isClosed());
        }
    }

    /** Answers with S3's XML error body, then waits for the client to finish sending and close. */
    private static void answer(Socket client, int status, String phrase, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>FAULT0000000000</RequestId><HostId>fault-proxy</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        client.shutdownOutput();
        drain(client); // closing with unread request bytes would send RST and hide the answer
    }

    private static void drain(Socket client) throws IOException {
        try {
            client.setSoTimeout(60_000);
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (SocketException e) {
            // reset or closed by the client
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
