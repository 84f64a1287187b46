package io.sensuspush.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CI's smoke run of the benchmark at its smallest size: it completes and reports; no timing is asserted. */
class BenchmarkSmokeTest {
    @Test
    void theSmallestSizeRunsAndPrintsItsTable() throws Exception {
        Benchmark.Row row = new Benchmark(System.out, Duration.ofSeconds(4)).run(1_000);
        String table = Benchmark.table(List.of(row));
        System.out.println(table);

        assertThat(row.coldPushes()).isEqualTo(200); // one in five requests is due
        assertThat(row.warmFetched()).isZero(); // nothing changed: nothing fetched
        assertThat(row.warmNewFetched()).isEqualTo(10); // 1% new
        assertThat(row.onTimeReceived()).isEqualTo(row.onTimeCount());
        assertThat(table).contains("| 1,000 | 100 |");
    }
}
