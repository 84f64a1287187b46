package io.sensuspush.ops;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Ids;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line format of {@code sensus-push devices}, read back by every command that writes requests, as the old
 * scripts did: {@code store<TAB>device<TAB>protocol<TAB>format}. Tabs or runs of spaces separate the fields, so
 * lines survive {@code grep}, {@code sort} and copy-paste (with tabs, a store path may contain spaces). Blank lines and lines starting with {@code #} are skipped.
 */
public final class DeviceLines {
    private DeviceLines() {
    }

    /** One parsed line: the store it was listed from, and the device. */
    public record Line(String store, Device device) {
    }

    /** Formats a device as {@code devices} prints it. */
    public static String format(String store, Device d) {
        return store + "\t" + d.device() + "\t" + d.protocol() + "\t" + d.format().wire();
    }

    /** Parses one line; {@code lineNumber} is for the message. Throws {@link IllegalArgumentException} when malformed. */
    public static Line parse(String line, int lineNumber) {
        // Tab-separated as printed; space-separated when typed. With tabs, a store path may contain spaces.
        String trimmed = line.strip();
        String[] f = trimmed.contains("\t") ? trimmed.split("\t+") : trimmed.split(" +");
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip();
        }
        if (f.length != 4) {
            throw new IllegalArgumentException("standard input line " + lineNumber + ": expected 4 fields "
                    + "(store, device, protocol, format) as printed by 'sensus-push devices', found " + f.length);
        }
        String problem = Ids.problemWithSegment(f[1]);
        if (problem != null) {
            throw new IllegalArgumentException("standard input line " + lineNumber + ": device \"" + f[1] + "\" " + problem);
        }
        Format format = Format.fromWire(f[3]);
        if (format == null) {
            throw new IllegalArgumentException("standard input line " + lineNumber + ": unknown format \"" + f[3]
                    + "\" (expected apple or gcm)");
        }
        return new Line(f[0], new Device(f[1], f[2], format));
    }

    /** Reads every line; a device listed twice is kept once (its first line). */
    public static List<Line> read(BufferedReader in) {
        Map<String, Line> byDevice = new LinkedHashMap<>();
        try {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                Line parsed = parse(line, n);
                byDevice.putIfAbsent(parsed.device().device(), parsed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
        return new ArrayList<>(byDevice.values());
    }
}
