package io.sensuspush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.OperatorRequests;
import io.sensuspush.ops.ProtocolSettings;
import io.sensuspush.ops.ProtocolSettings.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Changes protocol settings on each addressed device: one {@code Protocol} update carrying every setting given,
 * with the old scripts' recipes (enable/disable a probe, polling delay tolerances, each also at random).
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Change protocol settings on each addressed device with one Protocol update.")
final class SettingsCommand extends RequestWritingCommand {
    @Option(names = "--set", paramLabel = "PROPERTY-TYPE:PROPERTY-NAME[@TARGET-TYPE]=JSON-VALUE",
            description = "A setting (repeatable); the target type defaults to the property type. The value is JSON: "
                    + "true, 30000, \"text\".")
    List<String> sets = new ArrayList<>();

    @Option(names = "--enable-probe", paramLabel = "TYPE",
            description = "Enable probes of this type (may be a base type such as Sensus.Probes.PollingProbe).")
    List<String> enableProbes = new ArrayList<>();

    @Option(names = "--disable-probe", paramLabel = "TYPE", description = "Disable probes of this type.")
    List<String> disableProbes = new ArrayList<>();

    @Option(names = "--random-enable-probe", paramLabel = "TYPE",
            description = "Enable or disable probes of this type, at random (even odds).")
    List<String> randomProbes = new ArrayList<>();

    @Option(names = "--polling-delay-tolerance", paramLabel = "BEFORE_MS[:AFTER_MS]",
            description = "Set DelayToleranceBeforeMS and DelayToleranceAfterMS of every polling probe "
                    + "(AFTER defaults to BEFORE).")
    String pollingTolerance;

    @Option(names = "--random-polling-delay-tolerance", paramLabel = "MAX_MS",
            description = "Set both polling delay tolerances to one random value from 0 to MAX_MS.")
    Long randomPollingMax;

    @Option(names = "--per-device",
            description = "Draw the random values anew for each device (default: one draw for the whole run).")
    boolean perDevice;

    @Option(names = "--message", paramLabel = "TEXT",
            description = "What the app tells the participant once applied (default: a description of the change).")
    String message;

    @Option(names = "--update-id", paramLabel = "ID",
            description = "Names this kind of update; a newer one with the same id replaces an older one still pending. "
                    + "Default: the old scripts' ids (<TYPE>-enable-disable, <TYPE>-enable-random, "
                    + "polling-delay-tolerance), else one derived from the properties set.")
    String updateId;

    private List<Setting> fixed;
    private long[] tolerance;
    /** The run's random draws, unless {@code --per-device}. */
    private Draw runDraw;

    /** The random choices of one draw. */
    private record Draw(List<Boolean> enable, Long toleranceMs) {
    }

    @Override
    void prepare(CommandIo io) {
        fixed = new ArrayList<>();
        for (String s : sets) {
            fixed.add(ProtocolSettings.parseSet(s));
        }
        enableProbes.forEach(t -> fixed.add(ProtocolSettings.probeEnabled(t, true)));
        disableProbes.forEach(t -> fixed.add(ProtocolSettings.probeEnabled(t, false)));
        randomProbes.forEach(t -> ProtocolSettings.probeEnabled(t, true)); // checks the type name
        if (pollingTolerance != null && randomPollingMax != null) {
            throw new IllegalArgumentException("give --polling-delay-tolerance or --random-polling-delay-tolerance, not both");
        }
        if (pollingTolerance != null) {
            tolerance = ProtocolSettings.parseTolerance(pollingTolerance);
        }
        if (randomPollingMax != null && randomPollingMax < 0) {
            throw new IllegalArgumentException("--random-polling-delay-tolerance must not be negative");
        }
        if (fixed.isEmpty() && randomProbes.isEmpty() && tolerance == null && randomPollingMax == null) {
            throw new IllegalArgumentException("no settings given: use --set, --enable-probe, --disable-probe, "
                    + "--random-enable-probe, --polling-delay-tolerance or --random-polling-delay-tolerance");
        }
        if (perDevice && randomProbes.isEmpty() && randomPollingMax == null) {
            throw new IllegalArgumentException("--per-device needs a random setting "
                    + "(--random-enable-probe or --random-polling-delay-tolerance)");
        }
        if (updateId == null) {
            updateId = defaultUpdateId();
        }
        OperatorRequests.requireUpdateId(updateId);
        runDraw = draw(io);
        // Build once now so that a bad value or an over-long message is refused before any device is read.
        content(runDraw);
    }

    @Override
    PushRequest build(Device device, Instant now, Instant due, CommandIo io) {
        ObjectNode content = content(perDevice ? draw(io) : runDraw);
        return OperatorRequests.update(device, UpdateType.Protocol, content, updateId, now, due, UUID.randomUUID());
    }

    @Override
    String what() {
        return "Protocol update";
    }

    private Draw draw(CommandIo io) {
        List<Boolean> enable = randomProbes.stream().map(t -> io.random().nextBoolean()).toList();
        Long ms = randomPollingMax == null ? null : Math.round(io.random().nextDouble() * randomPollingMax);
        return new Draw(enable, ms);
    }

    private ObjectNode content(Draw draw) {
        List<Setting> all = new ArrayList<>(fixed);
        List<String> said = new ArrayList<>();
        enableProbes.forEach(t -> said.add(t + " enabled: true."));
        disableProbes.forEach(t -> said.add(t + " enabled: false."));
        for (int i = 0; i < randomProbes.size(); i++) {
            all.add(ProtocolSettings.probeEnabled(randomProbes.get(i), draw.enable().get(i)));
            said.add(randomProbes.get(i) + " enabled: " + draw.enable().get(i) + ".");
        }
        long[] tol = tolerance != null ? tolerance
                : draw.toleranceMs() != null ? new long[]{draw.toleranceMs(), draw.toleranceMs()} : null;
        if (tol != null) {
            all.addAll(ProtocolSettings.pollingDelayTolerance(tol[0], tol[1]));
            said.add("Updated before/after tolerance to " + tol[0] + " and " + tol[1] + ".");
        }
        if (!sets.isEmpty()) {
            said.add(0, "Updated study settings.");
        }
        return ProtocolSettings.content(all, message != null ? message : String.join(" ", said));
    }

    /** The old scripts' ids for their single recipes; otherwise an id naming the properties set. */
    private String defaultUpdateId() {
        boolean polling = tolerance != null || randomPollingMax != null;
        int probeRecipes = enableProbes.size() + disableProbes.size() + randomProbes.size();
        if (sets.isEmpty() && !polling && probeRecipes == 1) {
            return randomProbes.isEmpty()
                    ? (enableProbes.isEmpty() ? disableProbes : enableProbes).get(0) + "-enable-disable"
                    : randomProbes.get(0) + "-enable-random";
        }
        if (sets.isEmpty() && polling && probeRecipes == 0) {
            return "polling-delay-tolerance";
        }
        TreeSet<String> keys = new TreeSet<>();
        fixed.forEach(s -> keys.add(s.propertyType() + ":" + s.propertyName() + "@" + s.targetType()));
        randomProbes.forEach(t -> keys.add(ProtocolSettings.PROBE + ":Enabled@" + t));
        if (polling) {
            ProtocolSettings.pollingDelayTolerance(0, 0)
                    .forEach(s -> keys.add(s.propertyType() + ":" + s.propertyName() + "@" + s.targetType()));
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return "settings-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
