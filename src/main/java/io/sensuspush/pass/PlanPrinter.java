package io.sensuspush.pass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.plan.Plan;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints a plan as JSON lines, one action each ({@code {"action":…}}), for {@code --dry-run}.
 * Push tokens are abbreviated; nothing secret is printed.
 */
public final class PlanPrinter implements Consumer<Plan> {
    private final PrintWriter out;

    public PlanPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(Plan plan) {
        plan.rejections().forEach(r -> print(line("reject").put("file", r.key()).put("reason", r.reason())));
        plan.firstDeletions().forEach(d -> print(line("delete").put("file", d.key()).put("reason", d.reason().label())));
        plan.newUpdateFiles().forEach(f -> {
            ObjectNode n = line("write-updates").put("device", f.device());
            f.entries().forEach(e -> n.withArray("updates").addObject()
                    .put("id", e.id()).put("type", e.type().name()));
            f.packedRequestKeys().forEach(k -> n.withArray("then-delete").add(k));
            print(n);
        });
        plan.laterDeletions().forEach(d -> print(line("delete").put("file", d.key()).put("reason", d.reason().label())));
        plan.userPushes().forEach(p -> {
            PushRequest r = p.request();
            print(line("push").put("file", p.key()).put("id", r.id()).put("device", r.device())
                    .put("format", r.format().wire()).put("token", p.token().abbreviatedToken())
                    .put("time", r.time()).put("delete-after-push", p.deleteAfterPush()));
        });
        plan.updatePushes().forEach(p -> print(line("push-updates").put("device", p.device())
                .put("format", p.token().format().wire()).put("token", p.token().abbreviatedToken())));
        plan.updateFileDeletions().forEach(d -> {
            ObjectNode n = line("delete-updates").put("device", d.device()).put("reason", "no token");
            d.keys().forEach(k -> n.withArray("files").add(k));
            print(n);
        });
        plan.waiting().forEach(r -> print(line("wait").put("file", "requests/" + r.backendKey() + ".json")
                .put("id", r.id()).put("device", r.device()).put("time", r.time())));
    }

    private static ObjectNode line(String action) {
        return ContractJson.MAPPER.createObjectNode().put("action", action);
    }

    private void print(ObjectNode n) {
        out.println(ContractJson.string(n));
    }
}
