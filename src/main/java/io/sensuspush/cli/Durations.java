package io.sensuspush.cli;

import io.sensuspush.util.DurationText;
import picocli.CommandLine;

import java.time.Duration;

/**
 * picocli converter for durations as people write them ({@link DurationText}: {@code 30s}, {@code 1h30m},
 * {@code PT1H}, a bare number of seconds). Use as:
 * {@code @Option(names = "--x", converter = Durations.class) Duration x;}
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Duration parse(String value) {
        return DurationText.parse(value);
    }
}
