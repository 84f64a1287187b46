package io.sensuspush.cli;

import io.sensuspush.contract.PushRequest;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.OperatorRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.UUID;

/** Requests a user-facing message on each addressed device (the old {@code request-message} script). */
@Command(name = "message", mixinStandardHelpOptions = true,
        description = "Request a user-facing message on each addressed device: a new request file per device "
                + "(new UUID as id and file name), delivered at --at (default now).")
final class MessageCommand extends RequestWritingCommand {
    enum Sound { DEFAULT, NONE }

    @Option(names = "--title", paramLabel = "TEXT", description = "The notification's title.")
    String title;

    @Option(names = "--body", paramLabel = "TEXT", description = "The notification's text.")
    String body;

    @Option(names = "--sound", paramLabel = "default|none", defaultValue = "default",
            description = "default (the device's notification sound) or none (silent). Default: ${DEFAULT-VALUE}")
    String sound;

    @Override
    void prepare(CommandIo io) {
        if ((title == null || title.isBlank()) && (body == null || body.isBlank())) {
            throw new IllegalArgumentException("give the message a --title or a --body (or both)");
        }
        if (!sound.equals("default") && !sound.equals("none")) {
            throw new IllegalArgumentException("--sound \"" + sound + "\": expected default or none");
        }
    }

    @Override
    PushRequest build(Device device, Instant now, Instant due, CommandIo io) {
        return OperatorRequests.message(device, title, body, sound.equals("none") ? null : "default",
                now, due, UUID.randomUUID());
    }

    @Override
    String what() {
        return "message";
    }
}
