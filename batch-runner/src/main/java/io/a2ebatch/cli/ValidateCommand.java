package io.a2ebatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.manifest.DuplicateKeyFinder;
import io.a2ebatch.manifest.InvalidRow;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestProblem;
import io.a2ebatch.manifest.ManifestReader;
import io.a2ebatch.manifest.ManifestRecord;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.UnreadableManifestException;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * {@code a2e-batch validate MANIFEST [--max-errors N]} (options in {@link Options}): checks every row of a manifest against its
 * family's request schema without sending anything. Prints each problem as
 * {@code file:line:column field: reason} in line order (repeated keys, found at the end, follow the row
 * problems; a problem that stops the reading comes last), then one summary line. Memory stays flat
 * however long the manifest is.
 * <p>
 * Exit codes: 0 every row is valid; 1 problems found; 2 bad arguments, an unreadable file or no rows.
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    /** Validates {@code file}, printing at most {@code maxErrors} problems. */
    public static ExitCode execute(Path file, long maxErrors, PrintStream out, PrintStream err) {
        return new Validation(file, out, maxErrors).run(err);
    }

    /** One validation run and its counts. */
    private static final class Validation {

        private final Path file;
        private final PrintStream out;
        private final long maxErrors;
        private final FamilyCatalog catalog = FamilyCatalog.everyProvider();
        private final List<TaskFamily> families = new ArrayList<>();
        private final Map<String, Integer> familyIndex = new HashMap<>();
        private final long[] validByFamily;
        private long rows;
        private long valid;
        private long invalid;
        private long problems;

        Validation(Path file, PrintStream out, long maxErrors) {
            this.file = file;
            this.out = out;
            this.maxErrors = maxErrors;
            for (TaskFamily family : catalog.families()) {
                familyIndex.put(family.name(), families.size());
                families.add(family);
            }
            validByFamily = new long[families.size()];
        }

        ExitCode run(PrintStream err) {
            try (ManifestReader reader = ManifestReader.open(file);
                 DuplicateKeyFinder duplicates = new DuplicateKeyFinder()) {
                RowConverter converter = new RowConverter(file, reader.header(), catalog);
                ManifestException stop = readRows(reader, converter, duplicates);
                duplicates.forEachDuplicate(duplicate -> {
                    report(converter.duplicateKey(duplicate.line(), duplicate.key(), duplicate.firstLine()));
                    if (duplicate.tag() >= 0) {
                        valid--;
                        invalid++;
                        validByFamily[duplicate.tag()]--;
                    }
                });
                if (stop != null) {
                    stop.problems().forEach(this::report);
                }
                printSummary(stop);
                if (rows == 0 && stop == null) {
                    err.println("a2e-batch validate: " + file.getFileName() + " has a header but no rows; add rows"
                            + " below the header line");
                    return ExitCode.USAGE;
                }
            } catch (UnreadableManifestException e) {
                err.println("a2e-batch validate: " + e.problem().format());
                return ExitCode.USAGE;
            } catch (ManifestException e) {
                e.problems().forEach(this::report);
                printSummary(null);
            } catch (IOException e) {
                err.println("a2e-batch validate: cannot use temporary files to look for duplicate keys ("
                        + e.getMessage() + "); check that java.io.tmpdir is writable");
                return ExitCode.INTERNAL_ERROR;
            }
            return problems == 0 ? ExitCode.SUCCESS : ExitCode.ROWS_FAILED;
        }

        /** Reads every row; returns the problem that stopped the reading early, if one did. */
        private ManifestException readRows(ManifestReader reader, RowConverter converter,
                                           DuplicateKeyFinder duplicates) throws IOException {
            try {
                for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                    rows++;
                    RowOutcome outcome = converter.convert(record);
                    int tag = -1;
                    if (outcome instanceof ValidRow row) {
                        valid++;
                        tag = familyIndex.get(row.family().name());
                        validByFamily[tag]++;
                    } else if (outcome instanceof InvalidRow row) {
                        invalid++;
                        row.problems().forEach(this::report);
                    }
                    if (RowConverter.acceptsKey(outcome.key())) {
                        duplicates.add(outcome.key(), outcome.line(), tag);
                    }
                }
                return null;
            } catch (ManifestException e) {
                return e;
            }
        }

        private void report(ManifestProblem problem) {
            problems++;
            if (problems <= maxErrors) {
                out.println(problem.format());
            }
        }

        private void printSummary(ManifestException stop) {
            if (problems > maxErrors) {
                long hidden = problems - maxErrors;
                out.println("... and " + hidden + " more problem" + (hidden == 1 ? "" : "s")
                        + " not shown (--max-errors " + maxErrors + ")");
            }
            StringBuilder sb = new StringBuilder();
            Path name = file.getFileName();
            sb.append(name == null ? file : name).append(": ")
                    .append(rows).append(rows == 1 ? " row" : " rows").append(" checked: ")
                    .append(valid).append(" valid, ")
                    .append(invalid).append(" invalid, ")
                    .append(problems).append(problems == 1 ? " problem" : " problems");
            String separator = "; valid by family: ";
            for (int i = 0; i < families.size(); i++) {
                if (validByFamily[i] > 0) {
                    sb.append(separator).append(families.get(i).name()).append(' ').append(validByFamily[i]);
                    separator = ", ";
                }
            }
            if (stop != null) {
                sb.append("; checking stopped at line ").append(stop.problem().line());
            }
            out.println(sb);
        }
    }
}
