package io.sensuspush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.DeviceLines;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Lists the registered devices, one line per token file (the old {@code list-devices} script), in the format
 * every writing command reads from standard input.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List registered devices: store, device, protocol and format, tab-separated, sorted by device. "
                + "Pipe the lines (filtered with grep if you like) into message, update, clear-backlog, "
                + "survey-policy or settings.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--protocol", paramLabel = "ID", description = "Only devices registered for this protocol.")
    String protocol;

    @Option(names = "--platform", paramLabel = "apple|gcm", description = "Only devices of this platform.")
    String platform;

    @Option(names = "--json", description = "One JSON object per line: {\"store\",\"device\",\"protocol\",\"format\"}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format format = null;
        if (platform != null) {
            format = Format.fromWire(platform);
            if (format == null) {
                err.println("sensus-push devices: --platform \"" + platform + "\": expected apple or gcm");
                return CommandLine.ExitCode.USAGE;
            }
        }
        try (ObjectStore store = storeOptions.open()) {
            Mailbox.Tokens tokens = StoreOptions.operatorMailbox(store).readTokens();
            tokens.invalid().forEach((key, reason) ->
                    err.println("sensus-push devices: skipping unreadable token file: " + reason));
            for (Map.Entry<String, TokenFile> e : tokens.byDevice().entrySet()) { // sorted by device
                TokenFile t = e.getValue();
                if ((protocol != null && !protocol.equals(t.protocol())) || (format != null && format != t.format())) {
                    continue;
                }
                if (!t.hasToken()) {
                    // Requests for it would be deleted as stale: leave it out of pipelines.
                    err.println("sensus-push devices: skipping device " + e.getKey() + ": its token file has no push token");
                    continue;
                }
                Device d = new Device(e.getKey(), t.protocol(), t.format());
                out.println(json ? jsonLine(store.describe(), d) : DeviceLines.format(store.describe(), d));
            }
        }
        return 0;
    }

    private static String jsonLine(String store, Device d) {
        ObjectNode o = ContractJson.MAPPER.createObjectNode();
        o.put("store", store);
        o.put("device", d.device());
        o.put("protocol", d.protocol());
        o.put("format", d.format().wire());
        return ContractJson.string(o);
    }
}
