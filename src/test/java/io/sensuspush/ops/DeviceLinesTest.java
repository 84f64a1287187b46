package io.sensuspush.ops;

import io.sensuspush.contract.Format;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceLinesTest {
    @Test
    void tabOrSpaceSeparatedRoundTrip() {
        Device d = new Device("DEV-1", "proto-1", Format.APPLE);
        String printed = DeviceLines.format("/data/my study/push-notifications", d);
        assertThat(printed).isEqualTo("/data/my study/push-notifications\tDEV-1\tproto-1\tapple");
        assertThat(DeviceLines.parse(printed, 1)).isEqualTo(new DeviceLines.Line("/data/my study/push-notifications", d));
        assertThat(DeviceLines.parse("  s3://b/push-notifications   DEV-2  p  gcm ", 1).device())
                .isEqualTo(new Device("DEV-2", "p", Format.GCM));
    }

    @Test
    void readsSkippingBlankAndCommentLinesAndDuplicates() {
        var lines = DeviceLines.read(new BufferedReader(new StringReader(
                "# devices\nS\tA\tp\tapple\n\nS\tB\tp\tgcm\nS\tA\tp\tapple\n")));
        assertThat(lines).extracting(l -> l.device().device()).containsExactly("A", "B");
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> DeviceLines.read(new BufferedReader(new StringReader("S\tA\tp\tapple\nS A p\n"))))
                .hasMessageContaining("line 2").hasMessageContaining("expected 4 fields");
        assertThatThrownBy(() -> DeviceLines.parse("S\tA\tp\twindows", 3)).hasMessageContaining("line 3")
                .hasMessageContaining("unknown format \"windows\"");
        assertThatThrownBy(() -> DeviceLines.parse("S\t../x\tp\tapple", 1)).hasMessageContaining("contains \"..\"");
    }
}
