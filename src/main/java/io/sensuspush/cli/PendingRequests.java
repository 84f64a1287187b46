package io.sensuspush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.store.Mailbox;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The request files in a mailbox that are still waiting, soonest first; shared by {@code requests} and {@code cancel}. */
final class PendingRequests {
    private PendingRequests() {
    }

    /** Reads every valid request; broken files are reported on {@code err}, empty (cancelled) ones ignored. */
    static List<PushRequest> read(Mailbox mailbox, PrintWriter err, String command) {
        List<PushRequest> out = new ArrayList<>();
        for (RequestFile f : mailbox.readRequests(mailbox.listRequests())) {
            switch (f) {
                case RequestFile.Valid v -> out.add(v.request());
                case RequestFile.Invalid i -> err.println("sensus-push " + command + ": skipping broken request file: "
                        + i.reason());
                case RequestFile.Empty e -> {
                    // a request the app cancelled: not pending
                }
            }
        }
        out.sort(Comparator.comparingLong(PushRequest::time)
                .thenComparingLong(PushRequest::creationTime)
                .thenComparing(PushRequest::backendKey));
        return out;
    }

    /** "message", or the update's type. */
    static String kind(PushRequest r) {
        return r.isUpdate() ? r.update().type().name() : "message";
    }

    /** {@code <due ISO-8601>\t<kind>\t<device>\t<id>\t<backend-key>}. */
    static String line(PushRequest r) {
        return Instant.ofEpochSecond(r.time()) + "\t" + kind(r) + "\t" + r.device() + "\t" + r.id() + "\t" + r.backendKey();
    }

    static String json(PushRequest r) {
        ObjectNode o = ContractJson.MAPPER.createObjectNode();
        o.put("due", Instant.ofEpochSecond(r.time()).toString());
        o.put("kind", kind(r));
        o.put("device", r.device());
        o.put("id", r.id());
        o.put("backend-key", r.backendKey());
        return ContractJson.string(o);
    }
}
