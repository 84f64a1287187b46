package io.sensuspush.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Notification;
import io.sensuspush.contract.Payloads;

import java.io.PrintWriter;

/**
 * Delivers nothing: prints each notification it would send as one JSON line
 * ({@code {"gateway":"log","device","format","token","payload"}}), the token abbreviated.
 * For trying sensus-push without any push account.
 */
public final class LogGateway implements Gateway {
    private final PrintWriter out;

    public LogGateway(PrintWriter out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        ObjectNode line = ContractJson.MAPPER.createObjectNode();
        line.put("gateway", "log");
        line.put("device", target.device());
        line.put("format", target.format().wire());
        line.put("token", io.sensuspush.contract.Redaction.abbreviate(target.token()));
        line.set("payload", switch (target.format()) {
            case APPLE -> Payloads.apns(notification);
            case GCM -> Payloads.fcmV1(notification);
        });
        String text = ContractJson.string(line);
        synchronized (out) {
            out.println(text);
            out.flush();
        }
        return DeliveryResult.DELIVERED;
    }
}
