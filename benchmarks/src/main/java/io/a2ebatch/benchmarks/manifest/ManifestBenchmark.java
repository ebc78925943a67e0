package io.a2ebatch.benchmarks.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestReader;
import io.a2ebatch.manifest.ManifestRecord;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The manifest path of {@code run} and {@code validate} against a bare Commons CSV parse of the same
 * generated file (every task family mixed). One operation reads the whole file; rows/s is
 * {@code rows / time per operation}. The steps in between ({@link #readRecords}, {@link #readAndConvert})
 * show where the time goes:
 * <ol>
 *   <li>{@link #commonsCsvParse} — baseline: the JDK's UTF-8 decoder and Commons CSV, every record's cells;</li>
 *   <li>{@link #readRecords} — {@link ManifestReader}: the strict UTF-8 decoder, physical line numbers,
 *       blank-row skipping;</li>
 *   <li>{@link #readAndConvert} — plus {@link RowConverter}: cell conversion, schema checks, the
 *       start request as a JSON tree;</li>
 *   <li>{@link #parseValidateBuild} — plus the request body as the client sends it (its JSON text).</li>
 * </ol>
 * Every method returns what it counted and sinks what it built into the {@link Blackhole}, so nothing is
 * optimised away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ManifestBenchmark {

    /** Data rows in the generated manifest. */
    @Param("100000")
    public int rows;

    private Path dir;
    private Path file;
    private FamilyCatalog catalog;

    @Setup
    public void generate() throws IOException, ManifestException {
        dir = Files.createTempDirectory("a2e-bench-manifest");
        file = GeneratedManifest.mixed(dir.resolve("mixed-" + rows + ".csv"), rows);
        catalog = FamilyCatalog.bundled();
        // A generated manifest is valid throughout; if it were not, the steps would not do the same work.
        long valid = convert(file, catalog, false, row -> { });
        if (valid != rows) {
            throw new IllegalStateException("expected " + rows + " valid rows in " + file + ", got " + valid);
        }
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** Baseline: Commons CSV over the JDK's UTF-8 reader, each record's cells consumed. */
    @Benchmark
    public long commonsCsvParse(Blackhole bh) throws IOException {
        return bareParse(file, bh::consume);
    }

    /** The runner's reader alone. */
    @Benchmark
    public long readRecords(Blackhole bh) throws ManifestException {
        long records = 0;
        try (ManifestReader reader = ManifestReader.open(file)) {
            for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                bh.consume(record);
                records++;
            }
        }
        return records;
    }

    /** Reading, conversion and validation; the request stays a JSON tree. */
    @Benchmark
    public long readAndConvert(Blackhole bh) throws ManifestException {
        return convert(file, catalog, false, bh::consume);
    }

    /** The headline: parse, validate and build each row's start request body as sent. */
    @Benchmark
    public long parseValidateBuild(Blackhole bh) throws ManifestException {
        return convert(file, catalog, true, bh::consume);
    }

    /** The baseline's loop: every record's cells go to {@code sink}; returns the data records. */
    static long bareParse(Path file, Consumer<Object> sink) throws IOException {
        long records = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT).get()) {
            for (CSVRecord record : parser) {
                sink.accept(record.values());
                records++;
            }
        }
        // The header is a record to Commons CSV, not a row.
        return records - 1;
    }

    /**
     * Reads and converts every row; returns the number of valid rows.
     *
     * @param serialize whether to turn each request into the JSON text the client sends
     * @param sink      receives what each row became (the benchmark's {@link Blackhole})
     */
    static long convert(Path file, FamilyCatalog catalog, boolean serialize, Consumer<Object> sink)
            throws ManifestException {
        long valid = 0;
        try (ManifestReader reader = ManifestReader.open(file)) {
            RowConverter converter = new RowConverter(file, reader.header(), catalog);
            for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                RowOutcome outcome = converter.convert(record);
                if (outcome instanceof ValidRow row) {
                    valid++;
                    sink.accept(serialize ? row.body().toString() : row.body());
                } else {
                    sink.accept(outcome);
                }
            }
        }
        return valid;
    }
}
