package io.sensuspush.cli;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.OperatorRequests;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.UUID;

/**
 * Asks each addressed device to clear its push-notification-request backlog (the old {@code clear-pnr-backlog}
 * script, which the old deployment ran hourly for every iOS device).
 */
@Command(name = "clear-backlog", mixinStandardHelpOptions = true,
        description = "Ask each addressed device to clear its push-notification-request backlog "
                + "(update ClearPushNotificationRequestBacklog, content {}, update id " + ClearBacklogCommand.UPDATE_ID + ").")
final class ClearBacklogCommand extends RequestWritingCommand {
    static final String UPDATE_ID = "clear-pnr-backlog";

    @Override
    void prepare(CommandIo io) {
    }

    @Override
    PushRequest build(Device device, Instant now, Instant due, CommandIo io) {
        return OperatorRequests.update(device, UpdateType.ClearPushNotificationRequestBacklog,
                ContractJson.MAPPER.createObjectNode(), UPDATE_ID, now, due, UUID.randomUUID());
    }

    @Override
    String what() {
        return "ClearPushNotificationRequestBacklog update";
    }
}
