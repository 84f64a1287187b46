package io.sensuspush.cli;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.TimeSpec;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every command that writes requests shares: the store, device targeting, {@code --at}, {@code --dry-run}
 * and a summary. Every request is built and checked before the first is written, so bad input writes nothing.
 */
abstract class RequestWritingCommand implements Callable<Integer> {
    /** Exit code of a usage error: bad option values or input, nothing done. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    /** {@code --at} may be a little in the past (clock skew, slow typing), not more. */
    private static final long MAX_PAST_SECONDS = 60;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    DeviceTargeting targeting;

    @Option(names = "--at", paramLabel = "TIME",
            description = "When it must reach the devices: an ISO-8601 instant (2026-03-01T09:00:00Z), a time from now "
                    + "(+2h, +30m, +1d) or Unix seconds. Default: now.")
    String at;

    @Option(names = "--dry-run", description = "Print the request files that would be written; write nothing.")
    boolean dryRun;

    /** Checks this command's own options before anything is read; throws {@link IllegalArgumentException}. */
    abstract void prepare(CommandIo io);

    /** The request for one device; throws {@link IllegalArgumentException} when it would be invalid. */
    abstract PushRequest build(Device device, Instant now, Instant due, CommandIo io);

    /** What the summary calls the requests, e.g. "message" or "ClearPushNotificationRequestBacklog update". */
    abstract String what();

    @Override
    public Integer call() {
        CommandIo io = CommandIo.current();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = io.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Instant due;
        try {
            targeting.validate();
            prepare(io);
            due = at == null ? now : TimeSpec.parseInstant(at, io.clock());
            if (due.isBefore(now.minusSeconds(MAX_PAST_SECONDS))) {
                throw new IllegalArgumentException("--at " + at + " is " + due + ", in the past");
            }
        } catch (IllegalArgumentException e) {
            return usage(e, err);
        }
        List<PushRequest> requests = new ArrayList<>();
        try (ObjectStore store = storeOptions.open()) {
            try {
                List<Device> devices = targeting.resolve(StoreOptions.operatorMailbox(store), store.describe(), io, err);
                for (Device d : devices) {
                    requests.add(build(d, now, due, io));
                }
            } catch (IllegalArgumentException e) {
                return usage(e, err);
            }
            if (requests.isEmpty()) {
                err.println("sensus-push " + spec.name() + ": no devices addressed; nothing written to " + store.describe());
                return 0;
            }
            return dryRun ? printDryRun(store, requests, out) : write(store, requests, out, err);
        }
    }

    private int usage(IllegalArgumentException e, PrintWriter err) {
        err.println("sensus-push " + spec.name() + ": " + e.getMessage());
        err.println("Nothing written.");
        return USAGE;
    }

    private int printDryRun(ObjectStore store, List<PushRequest> requests, PrintWriter out) {
        for (PushRequest r : requests) {
            out.println(Mailbox.requestKey(r.backendKey()) + "\t"
                    + new String(ContractJson.writeRequest(r), StandardCharsets.UTF_8));
        }
        out.println("Dry run: would write " + count(requests.size()) + " to " + store.describe() + "; nothing written.");
        return 0;
    }

    private int write(ObjectStore store, List<PushRequest> requests, PrintWriter out, PrintWriter err) {
        Mailbox mailbox = StoreOptions.operatorMailbox(store);
        int written = 0;
        try {
            for (PushRequest r : requests) {
                String key = mailbox.writeRequest(r);
                written++;
                out.println(key + "\t" + r.device() + "\t" + r.id());
            }
        } finally {
            if (written < requests.size()) {
                err.println("sensus-push " + spec.name() + ": stopped after writing " + count(written)
                        + " of " + requests.size() + " to " + store.describe());
            }
        }
        out.println("Wrote " + count(written) + " to " + store.describe() + ".");
        return 0;
    }

    private String count(int n) {
        return n + " " + what() + " request" + (n == 1 ? "" : "s");
    }
}
