package io.a2ebatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunPass;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The rejects file: the invalid rows exactly as the manifest had them (same columns), followed by
 * their line and every problem found. Fix the rows in it and run it as a manifest of its own.
 */
public final class RejectsFile {

    /** Columns added after the manifest's own. */
    public static final List<String> EXTRA = List.of("#line", "#problems");

    private RejectsFile() {
    }

    /**
     * Writes the rejects of the run atomically; does nothing and returns 0 when there are none.
     *
     * @return the number of rows written
     */
    public static long write(Path path, List<String> manifestHeader, Ledger ledger, RunPass pass) {
        if (ledger.rejectCount(pass) == 0) {
            return 0;
        }
        Path dir = path.toAbsolutePath().getParent();
        long written = 0;
        try {
            Files.createDirectories(dir);
            Path tmp = ResultsFile.temporarySibling(path);
            try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
                List<String> header = new ArrayList<>(manifestHeader);
                header.addAll(EXTRA);
                printer.printRecord(header);
                long after = 0;
                while (true) {
                    var page = ledger.rejectsAfter(pass, after, 1000);
                    for (var row : page) {
                        List<String> cells = new ArrayList<>(row.record());
                        while (cells.size() < manifestHeader.size()) {
                            cells.add("");
                        }
                        cells.add(String.valueOf(row.line()));
                        cells.add(String.join("; ", row.problems()));
                        printer.printRecord(cells);
                        written++;
                        after = row.line();
                    }
                    if (page.size() < 1000) {
                        break;
                    }
                }
            }
            ResultsFile.moveAtomically(tmp, path);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rejects file " + path + ": " + e.getMessage(), e);
        }
    }
}
