package io.sensuspush.cli;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.DeviceLines;
import io.sensuspush.store.Mailbox;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which devices a writing command addresses, the same for every such command: lines of {@code sensus-push devices}
 * on standard input (so {@code devices | grep apple | clear-backlog} works, as with the old scripts), or devices
 * chosen from the store's token files with {@code --device}, {@code --protocol}, {@code --platform} or
 * {@code --all-devices}.
 */
public final class DeviceTargeting {
    @Option(names = "--device", paramLabel = "ID",
            description = "A device to address (repeatable); its protocol and format come from its token file.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "ID",
            description = "Address the devices registered for this protocol (with --device: only those of them).")
    String protocol;

    @Option(names = "--platform", paramLabel = "apple|gcm",
            description = "Address the devices of this platform (with --device or --protocol: only those of them).")
    String platform;

    @Option(names = "--all-devices", description = "Address every device that has a push token.")
    boolean allDevices;

    /** True when devices are to be chosen from the token files rather than read from standard input. */
    boolean choosesFromStore() {
        return !devices.isEmpty() || protocol != null || platform != null || allDevices;
    }

    /** Checks the options alone, before anything is read. */
    void validate() {
        platformFormat();
    }

    private Format platformFormat() {
        if (platform == null) {
            return null;
        }
        Format f = Format.fromWire(platform);
        if (f == null) {
            throw new IllegalArgumentException("--platform \"" + platform + "\": expected apple or gcm");
        }
        return f;
    }

    /**
     * The devices addressed, in a stable order. Throws {@link IllegalArgumentException} when they cannot be
     * determined: no target with a person at the terminal, a malformed input line, an unknown {@code --device}.
     *
     * @param storeName the store's {@code describe()}: lines listed from another store are refused
     */
    List<Device> resolve(Mailbox mailbox, String storeName, CommandIo io, PrintWriter err) {
        if (choosesFromStore()) {
            return fromTokens(mailbox, storeName, err);
        }
        if (io.stdinIsTerminal()) {
            throw new IllegalArgumentException("""
                    no devices given. Pipe device lines into this command, for example
                      sensus-push devices --store STORE | grep apple | sensus-push COMMAND --store STORE …
                    or choose devices with --device ID (repeatable), --protocol ID, --platform apple|gcm or --all-devices.""");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(io.stdin(), StandardCharsets.UTF_8));
        List<Device> out = new ArrayList<>();
        for (DeviceLines.Line line : DeviceLines.read(in)) {
            if (!line.store().equals(storeName)) {
                throw new IllegalArgumentException("device " + line.device().device() + " was listed from store "
                        + line.store() + ", but this command writes to " + storeName
                        + "; list the devices with the same --store");
            }
            out.add(line.device());
        }
        return out;
    }

    private List<Device> fromTokens(Mailbox mailbox, String storeName, PrintWriter err) {
        Format format = platformFormat();
        Mailbox.Tokens tokens = mailbox.readTokens();
        tokens.invalid().forEach((key, reason) -> err.println("sensus-push: skipping unreadable token file: " + reason));
        Map<String, TokenFile> byDevice = tokens.byDevice();
        List<String> chosen;
        if (devices.isEmpty()) {
            chosen = new ArrayList<>(byDevice.keySet()); // sorted: readTokens returns a TreeMap
        } else {
            chosen = new ArrayList<>(new LinkedHashSet<>(devices));
            for (String id : chosen) {
                TokenFile t = byDevice.get(id);
                if (t == null) {
                    throw new IllegalArgumentException("device " + id + " has no token file in " + storeName
                            + " (see 'sensus-push devices')");
                }
            }
        }
        List<Device> out = new ArrayList<>();
        for (String id : chosen) {
            TokenFile t = byDevice.get(id);
            if ((protocol != null && !protocol.equals(t.protocol())) || (format != null && format != t.format())) {
                continue;
            }
            if (!t.hasToken()) {
                err.println("sensus-push: skipping device " + id + ": its token file has no push token");
                continue;
            }
            out.add(new Device(id, t.protocol(), t.format()));
        }
        return out;
    }
}
