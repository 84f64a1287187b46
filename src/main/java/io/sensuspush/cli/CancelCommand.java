package io.sensuspush.cli;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Deletes pending requests, after showing them and asking (unless {@code --yes}). */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Delete pending requests chosen by id, device or backend key. Shows them and asks for "
                + "confirmation unless --yes (required when standard input is not a terminal).")
final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--id", paramLabel = "ID", description = "Every request file with this id.")
        String id;

        @Option(names = "--device", paramLabel = "ID", description = "Every request for this device.")
        String device;

        @Option(names = "--backend-key", paramLabel = "KEY", description = "The request file requests/KEY.json.")
        String backendKey;

        boolean matches(PushRequest r) {
            return id != null ? id.equals(r.id())
                    : device != null ? device.equals(r.device())
                    : backendKey.equals(r.backendKey());
        }
    }

    @Option(names = "--yes", description = "Delete without asking.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        CommandIo io = CommandIo.current();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!yes && !dryRun && !io.stdinIsTerminal()) {
            err.println("sensus-push cancel: standard input is not a terminal, so I cannot ask for confirmation; "
                    + "add --yes to delete without asking. Nothing deleted.");
            return CommandLine.ExitCode.USAGE;
        }
        try (ObjectStore store = storeOptions.open()) {
            List<PushRequest> chosen = PendingRequests.read(StoreOptions.operatorMailbox(store), err, "cancel").stream()
                    .filter(selection::matches).toList();
            if (chosen.isEmpty()) {
                out.println("No pending request matches; nothing deleted.");
                return 0;
            }
            chosen.forEach(r -> out.println(PendingRequests.line(r)));
            String what = chosen.size() + " request" + (chosen.size() == 1 ? "" : "s");
            if (dryRun) {
                out.println("Dry run: would delete " + what + " from " + store.describe() + "; nothing deleted.");
                return 0;
            }
            if (!yes && !confirm(io, err, "Delete " + what + " from " + store.describe() + "? [y/N] ")) {
                out.println("Nothing deleted.");
                return 0;
            }
            store.delete(chosen.stream().map(r -> Mailbox.requestKey(r.backendKey())).toList());
            out.println("Deleted " + what + " from " + store.describe() + ".");
            return 0;
        }
    }

    private static boolean confirm(CommandIo io, PrintWriter err, String question) {
        err.print(question);
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(io.stdin(), StandardCharsets.UTF_8)).readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }
}
