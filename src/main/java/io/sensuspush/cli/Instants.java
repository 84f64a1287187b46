package io.sensuspush.cli;

import picocli.CommandLine;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses {@code --now}-style instants: ISO-8601 ({@code 2026-12-04T17:00:00Z}) or Unix seconds. */
public final class Instants implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.strip();
        if (v.matches("-?\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not an instant (ISO-8601 like 2026-12-04T17:00:00Z, or Unix seconds)");
        }
    }
}
