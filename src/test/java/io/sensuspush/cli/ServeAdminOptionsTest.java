package io.sensuspush.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}'s admin options, through the real command line. */
class ServeAdminOptionsTest {
    @TempDir
    Path dir;

    @Test
    void serveRefusesToBindBeyondLoopbackWithoutAToken() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"serve", "--store", dir.toString(), "--admin-bind", "0.0.0.0",
                "--admin-port", "0"}, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("SENSUS_PUSH_ADMIN_TOKEN").doesNotContain("Exception");
    }

    @Test
    void aPortOutOfRangeIsAUserError() {
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"serve", "--store", dir.toString(), "--admin-port", "70000"}, Map.of(),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--admin-port");
    }
}
