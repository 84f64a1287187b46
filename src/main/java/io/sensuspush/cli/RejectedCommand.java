package io.sensuspush.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Lists the broken request and token files a pass moved aside under {@code rejected/}, each with the reason
 * recorded beside it ({@code <file>.reason.json}: {@code {"file","reason","rejected-at"}}).
 */
@Command(name = "rejected", mixinStandardHelpOptions = true,
        description = "List the broken request and token files moved aside under rejected/, oldest first: "
                + "when, the original file, and why, tab-separated.")
final class RejectedCommand implements Callable<Integer> {
    static final String REASON_SUFFIX = ".reason.json";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--json", description = "One JSON object per line: {\"file\",\"reason\",\"rejected-at\",\"kept-as\"}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ObjectStore store = storeOptions.open()) {
            List<String> keys = store.list(Mailbox.REJECTED).stream().map(StoredObject::key).toList();
            Set<String> all = Set.copyOf(keys);
            List<ObjectNode> entries = new ArrayList<>();
            for (String key : keys) {
                if (key.endsWith(REASON_SUFFIX)) {
                    String keptAs = key.substring(0, key.length() - REASON_SUFFIX.length());
                    entries.add(entry(keptAs, store.get(key).orElse(null)));
                } else if (!all.contains(key + REASON_SUFFIX)) {
                    entries.add(entry(key, null)); // moved aside, cut short before its reason was written
                }
            }
            entries.sort(Comparator.comparing((ObjectNode e) -> e.path("rejected-at").asText())
                    .thenComparing(e -> e.path("file").asText()));
            for (ObjectNode e : entries) {
                out.println(json ? ContractJson.string(e) : String.join("\t", e.path("rejected-at").asText("-"),
                        oneLine(e.path("file").asText()), oneLine(e.path("reason").asText())));
            }
        }
        return 0;
    }

    private static ObjectNode entry(String keptAs, byte[] reasonFile) {
        ObjectNode e = ContractJson.MAPPER.createObjectNode();
        e.put("file", keptAs.substring(Mailbox.REJECTED.length()));
        e.put("reason", "(no reason recorded)");
        e.put("rejected-at", "");
        if (reasonFile != null) {
            try {
                JsonNode why = ContractJson.MAPPER.readTree(reasonFile);
                e.put("file", why.path("file").asText(e.get("file").asText()));
                e.put("reason", why.path("reason").asText("(no reason recorded)"));
                e.put("rejected-at", why.path("rejected-at").asText(""));
            } catch (java.io.IOException | RuntimeException unreadable) {
                e.put("reason", "(reason file unreadable)");
            }
        }
        e.put("kept-as", keptAs);
        return e;
    }

    /** A reason may quote a broken file's content: keep it to one line. */
    private static String oneLine(String s) {
        return s.chars().mapToObj(c -> Character.isISOControl(c) ? " " : Character.toString(c)).collect(Collectors.joining());
    }
}
