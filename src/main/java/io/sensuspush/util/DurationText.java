package io.sensuspush.util;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 30s}, {@code 60m}, {@code 2h}, {@code 1d}, {@code 500ms}, a bare
 * number of seconds, combinations such as {@code 1h30m}, or ISO-8601 ({@code PT1H}); never negative.
 * The one parser behind every duration option and {@code --at +2h}.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d{1,12}")) {
                return Duration.ofSeconds(Long.parseLong(v)); // a bare number is seconds: "0" turns a feature off
            }
            if (v.startsWith("p")) {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } else if (WHOLE.matcher(v).matches()) {
                Duration total = Duration.ZERO;
                Matcher m = PART.matcher(v);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
                }
                return total;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // too large, or not ISO-8601 after all: the common message below
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration (write e.g. 30s, 60m, 2h, 1h30m or PT1H)");
    }
}
