package io.a2ebatch.contract.target;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.a2ebatch.manifest.InvalidRow;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestReader;
import io.a2ebatch.manifest.ManifestRecord;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The repository's {@code datasets/samples/<family>.csv}: one valid row per task family, turned into
 * start requests the way the runner does it (manifest reader, then {@link RowConverter}).
 */
public final class Samples {

    private Samples() {
    }

    /** The {@code datasets/samples} folder, found from wherever the tests run (module or repository root). */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No datasets/samples folder above " + Path.of("").toAbsolutePath());
    }

    /** The sample manifest of {@code family}. */
    public static Path file(TaskFamily family) {
        return root().resolve(family.name() + ".csv");
    }

    /**
     * The sample row of {@code family} converted to its start request.
     *
     * @throws IllegalStateException naming every problem, if the sample is not one valid row
     */
    public static ValidRow row(TaskFamily family) {
        Path file = file(family);
        try (ManifestReader reader = ManifestReader.open(file)) {
            RowConverter converter = new RowConverter(file, reader.header(), FamilyCatalog.everyProvider());
            ManifestRecord record = reader.next();
            RowOutcome outcome = converter.convert(record);
            if (outcome instanceof InvalidRow invalid) {
                throw new IllegalStateException(file + " is not a valid row: " + invalid.problems());
            }
            if (reader.next() != null) {
                throw new IllegalStateException(file + " has more than one row");
            }
            return (ValidRow) outcome;
        } catch (ManifestException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One manifest holding the sample row of each of {@code families}, over the union of their columns. */
    public static String manifest(Collection<TaskFamily> families) {
        Set<String> header = new LinkedHashSet<>(List.of("key", "type"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (TaskFamily family : families) {
            try (var reader = Files.newBufferedReader(file(family))) {
                for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().get().parse(reader)) {
                    Map<String, String> row = new LinkedHashMap<>(record.toMap());
                    row.keySet().removeIf(column -> column.startsWith("#"));
                    header.addAll(row.keySet());
                    rows.add(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            printer.printRecord(header);
            for (Map<String, String> row : rows) {
                printer.printRecord(header.stream().map(c -> row.getOrDefault(c, "")).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
