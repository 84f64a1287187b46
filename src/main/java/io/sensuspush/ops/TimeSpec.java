package io.sensuspush.ops;

import io.sensuspush.util.DurationText;
import picocli.CommandLine;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * Points in time and durations as operators type them: an ISO-8601 instant ({@code 2026-03-01T09:00:00Z},
 * or with an offset), a time relative to now ({@code +2h}, {@code +30m}, {@code +1d12h}), or Unix seconds.
 */
public final class TimeSpec {
    /** Unix seconds of a plausible Sensus time (2001 … 2286): 9 to 10 digits. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{9,10}");

    private TimeSpec() {
    }

    /** Parses an {@code --at} value against {@code clock}; throws {@link IllegalArgumentException} with a readable message. */
    public static Instant parseInstant(String value, Clock clock) {
        String v = value.strip();
        if (v.equalsIgnoreCase("now")) {
            return clock.instant();
        }
        if (v.startsWith("+")) {
            return clock.instant().plus(parseDuration(v.substring(1)));
        }
        if (UNIX_SECONDS.matcher(v).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(v));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeException e) {
            // fall through: perhaps an offset instead of Z
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a time: use an ISO-8601 instant with a zone "
                    + "(2026-03-01T09:00:00Z, 2026-03-01T10:00:00+01:00), a time from now (+2h, +30m, +1d) "
                    + "or Unix seconds");
        }
    }

    /** Parses {@code 2h}, {@code 30m}, {@code 1d12h}, {@code 90s} (a leading {@code +} is allowed) or ISO-8601 {@code PT2H}. */
    public static Duration parseDuration(String value) {
        String v = value.strip();
        return DurationText.parse(v.startsWith("+") ? v.substring(1) : v);
    }

    /** picocli converter for duration options ({@code --due-within 2h}). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
