package io.sensuspush.ops;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSpecTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void instantsAbsoluteRelativeAndUnix() {
        assertThat(TimeSpec.parseInstant("2026-03-02T09:30:00Z", CLOCK)).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(TimeSpec.parseInstant("2026-03-02T10:30:00+01:00", CLOCK)).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(TimeSpec.parseInstant("+2h", CLOCK)).isEqualTo(NOW.plusSeconds(7200));
        assertThat(TimeSpec.parseInstant("+30m", CLOCK)).isEqualTo(NOW.plusSeconds(1800));
        assertThat(TimeSpec.parseInstant("+1d12h", CLOCK)).isEqualTo(NOW.plus(Duration.ofHours(36)));
        assertThat(TimeSpec.parseInstant("1772400000", CLOCK)).isEqualTo(Instant.ofEpochSecond(1_772_400_000L));
        assertThat(TimeSpec.parseInstant("now", CLOCK)).isEqualTo(NOW);
    }

    @Test
    void refusesLocalTimesAndGarbageWithAHint() {
        assertThatThrownBy(() -> TimeSpec.parseInstant("2026-03-02T09:30:00", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601 instant with a zone");
        assertThatThrownBy(() -> TimeSpec.parseInstant("+2 hours", CLOCK)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> TimeSpec.parseInstant("tomorrow", CLOCK)).hasMessageContaining("not a time");
    }

    @Test
    void durations() {
        assertThat(TimeSpec.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeSpec.parseDuration("2h30m")).isEqualTo(Duration.ofMinutes(150));
        assertThat(TimeSpec.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(new TimeSpec.DurationConverter().convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> new TimeSpec.DurationConverter().convert("-2h"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> TimeSpec.parseDuration("PT-2H")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> TimeSpec.parseDuration("")).hasMessageContaining("not a duration");
    }
}
