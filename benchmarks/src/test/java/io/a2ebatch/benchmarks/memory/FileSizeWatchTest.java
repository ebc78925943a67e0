package io.a2ebatch.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSizeWatchTest {

    @TempDir
    Path dir;

    @Test
    void keepsThePeakSizeAfterTheFileShrinksAndCountsAMissingFileAsEmpty() throws Exception {
        Path file = dir.resolve("jobrepo.mv.db");
        try (FileSizeWatch watch = FileSizeWatch.start(file)) {
            assertThat(watch.peakBytes()).isZero();
            Files.write(file, new byte[64 * 1024]);
            assertThat(watch.peakBytes()).isEqualTo(64 * 1024);
            Files.write(file, new byte[1024]);
            assertThat(watch.peakBytes()).isEqualTo(64 * 1024);
        }
    }
}
