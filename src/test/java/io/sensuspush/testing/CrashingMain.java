package io.sensuspush.testing;

import io.sensuspush.cli.Main;
import io.sensuspush.cli.Wiring;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoreLock;
import io.sensuspush.store.StoredObject;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sensus-push} as a child process that dies on cue: the real {@link Main}, with the store and the
 * gateway wrapped (through {@link Wiring}) so that every mutation is counted: each object written, each
 * object deleted (a batch delete is carried out key by key, so a crash can cut a batch in half) and each
 * push delivered. With {@code -Dsensuspush.crashAfter=N} the process halts, as abruptly as SIGKILL (no
 * shutdown hooks, no flushing, no lock release), right after the N-th mutation. Without it the process
 * runs to the end and prints {@code sensuspush-mutations: <count>} on standard error.
 */
public final class CrashingMain {
    /** The exit status of a halted child, as a shell reports a SIGKILLed process. */
    public static final int HALTED = 137;
    public static final String COUNT_LINE = "sensuspush-mutations: ";

    private static final AtomicLong mutations = new AtomicLong();
    private static long crashAfter;

    private CrashingMain() {
    }

    public static void main(String[] args) {
        crashAfter = Long.getLong("sensuspush.crashAfter", 0);
        Wiring.install(CrashingStore::new, CrashingGateway::new);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Main.execute(args, System.getenv(), out, err);
        err.println(COUNT_LINE + mutations.get());
        err.flush();
        System.exit(code);
    }

    private static void mutated() {
        if (mutations.incrementAndGet() == crashAfter) {
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    /** Counts puts and (single-key) deletes; everything else passes through. */
    private record CrashingStore(ObjectStore store) implements ObjectStore {
        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public List<StoredObject> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return store.get(key);
        }

        @Override
        public void put(String key, byte[] content) {
            store.put(key, content);
            mutated();
        }

        @Override
        public void delete(Collection<String> keys) {
            for (String key : keys) {
                store.delete(List.of(key));
                mutated();
            }
        }

        @Override
        public Optional<StoreLock> tryLock(String owner, Duration ttl) {
            return store.tryLock(owner, ttl);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Counts delivered pushes. */
    private record CrashingGateway(Gateway gateway) implements Gateway {
        @Override
        public String name() {
            return gateway.name();
        }

        @Override
        public DeliveryResult deliver(PushTarget target, Notification notification) {
            DeliveryResult result = gateway.deliver(target, notification);
            if (result.delivered()) {
                mutated();
            }
            return result;
        }

        @Override
        public void close() {
            gateway.close();
        }
    }
}
