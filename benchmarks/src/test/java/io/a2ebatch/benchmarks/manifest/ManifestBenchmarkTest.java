package io.a2ebatch.benchmarks.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.a2ebatch.spec.family.FamilyCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The manifest benchmark does the work it claims, and the JMH harness (generated code included) runs it. */
class ManifestBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void baselineAndMeasuredPathReadEveryGeneratedRow() throws Exception {
        Path file = GeneratedManifest.mixed(dir.resolve("m.csv"), 300);
        List<Object> parsed = new ArrayList<>();
        List<Object> built = new ArrayList<>();

        assertThat(ManifestBenchmark.bareParse(file, parsed::add)).isEqualTo(300);
        assertThat(ManifestBenchmark.convert(file, FamilyCatalog.bundled(), true, built::add)).isEqualTo(300);

        // The header is parsed too, and each row becomes the JSON text of its start request.
        assertThat(parsed).hasSize(301);
        assertThat(built).hasSize(300).allSatisfy(body -> assertThat((String) body).startsWith("{").endsWith("}"));
    }

    @Test
    void jmhRunsTheBenchmarkAndReportsATimePerFile() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ManifestBenchmark.class.getName() + "\\.(commonsCsvParse|parseValidateBuild)$")
                .param("rows", "200")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .build()).run();

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.getPrimaryResult().getScore()).isPositive();
            assertThat(result.getPrimaryResult().getScoreUnit()).isEqualTo("ms/op");
            assertThat(result.getParams().getParam("rows")).isEqualTo("200");
        });
    }
}
