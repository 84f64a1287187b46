package io.sensuspush.ops;

import picocli.CommandLine;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points in time and durations as operators type them: an ISO-8601 instant ({@code 2026-03-01T09:00:00Z},
 * or with an offset), a time relative to now ({@code +2h}, {@code +30m}, {@code +1d12h}), or Unix seconds.
 */
public final class TimeSpec {
    /** Compact durations: one or more number+unit pairs, units d, h, m, s. */
    private static final Pattern COMPACT = Pattern.compile("(\\d+)([dhms])");
    private static final Pattern COMPACT_ALL = Pattern.compile("(\\d+[dhms])+");
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
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("+")) {
            v = v.substring(1);
        }
        if (v.startsWith("p")) {
            try {
                return nonNegative(value, Duration.parse(v.toUpperCase(Locale.ROOT)));
            } catch (DateTimeException e) {
                throw notADuration(value);
            }
        }
        if (!COMPACT_ALL.matcher(v).matches()) {
            throw notADuration(value);
        }
        Duration total = Duration.ZERO;
        Matcher m = COMPACT.matcher(v);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw notADuration(value);
        }
        return total;
    }

    private static Duration nonNegative(String value, Duration d) {
        if (d.isNegative()) {
            throw notADuration(value);
        }
        return d;
    }

    private static IllegalArgumentException notADuration(String value) {
        return new IllegalArgumentException("\"" + value + "\" is not a duration: use e.g. 90s, 30m, 2h, 1d12h or PT2H");
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
