package io.sensuspush.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The full benchmark, run only by {@code ./test.sh -Dbench=true} (Maven profile {@code bench}: this test alone,
 * in a JVM limited to a 256 MB heap). {@code -Dbench.sizes=1000,10000} picks the sizes. The table is printed
 * and written to {@code target/benchmark.md}.
 */
@Tag("bench")
class BenchmarkRun {
    @Test
    void benchmark() throws Exception {
        String sizes = System.getProperty("bench.sizes", "1000,10000,100000");
        var out = new java.io.ByteArrayOutputStream();
        var original = System.out;
        try (var both = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                out.write(b, off, len);
            }
        }, true)) {
            System.setOut(both);
            Benchmark.main(sizes.split(","));
        } finally {
            System.setOut(original);
        }
        Files.writeString(Path.of("target", "benchmark.md"), out.toString());
    }
}
