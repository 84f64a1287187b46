package io.sensuspush.cli;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.ops.TimeSpec;
import io.sensuspush.store.ObjectStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Shows what is scheduled: the pending request files, soonest first. */
@Command(name = "requests", mixinStandardHelpOptions = true,
        description = "List pending requests, soonest first: due time, kind (message or update type), device, id "
                + "and backend key (the file name), tab-separated.")
final class RequestsCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--device", paramLabel = "ID", description = "Only this device's requests.")
    String device;

    @Option(names = "--due-within", paramLabel = "DURATION", converter = TimeSpec.DurationConverter.class,
            description = "Only requests due within this time from now (e.g. 30m, 2h, 1d); overdue ones included.")
    Duration dueWithin;

    @Option(names = "--json", description = "One JSON object per line: {\"due\",\"kind\",\"device\",\"id\",\"backend-key\"}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long until = dueWithin == null ? Long.MAX_VALUE
                : CommandIo.current().clock().instant().plus(dueWithin).getEpochSecond();
        try (ObjectStore store = storeOptions.open()) {
            for (PushRequest r : PendingRequests.read(StoreOptions.operatorMailbox(store), err, "requests")) {
                if ((device == null || device.equals(r.device())) && r.time() <= until) {
                    out.println(json ? PendingRequests.json(r) : PendingRequests.line(r));
                }
            }
        }
        return 0;
    }
}
