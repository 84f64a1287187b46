package io.sensuspush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.OperatorRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** Requests an update of any type on each addressed device (the old {@code request-update} script). */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Request an update on each addressed device: request id <device>-<protocol>-<update-id>, so a "
                + "newer update with the same update id replaces an older one still pending; file name a new UUID.")
final class UpdateCommand extends RequestWritingCommand {
    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "The update type: SurveyAgentPolicy, SensingAgentPolicy, Protocol, Callback, "
                    + "ClearPushNotificationRequestBacklog or Feedback.")
    String type;

    @Option(names = "--content", paramLabel = "FILE",
            description = "File holding the update content, a JSON object (an empty file means {}).")
    Path contentFile;

    @Option(names = "--content-json", paramLabel = "JSON", description = "The update content, a JSON object.")
    String contentJson;

    @Option(names = "--update-id", required = true, paramLabel = "ID",
            description = "Names this kind of update (letters, digits, '.', '-', '_'), e.g. survey-agent-policy.")
    String updateId;

    private UpdateType updateType;
    private ObjectNode content;

    @Override
    void prepare(CommandIo io) {
        updateType = OperatorRequests.updateType(type);
        OperatorRequests.requireUpdateId(updateId);
        if (contentFile != null && contentJson != null) {
            throw new IllegalArgumentException("give --content FILE or --content-json JSON, not both");
        }
        if (contentFile != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(contentFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --content " + contentFile + ": " + e.getMessage());
            }
            content = OperatorRequests.content(contentFile.toString(), bytes);
        } else if (contentJson != null) {
            content = OperatorRequests.content("--content-json", contentJson.getBytes(StandardCharsets.UTF_8));
        } else {
            content = OperatorRequests.content("no content", new byte[0]);
        }
    }

    @Override
    PushRequest build(Device device, Instant now, Instant due, CommandIo io) {
        return OperatorRequests.update(device, updateType, content, updateId, now, due, UUID.randomUUID());
    }

    @Override
    String what() {
        return updateType.name() + " update";
    }
}
