package io.a2ebatch.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RejectedRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The results CSV. Rows are appended as they finish, each flushed at once; the ledger stays the
 * truth, and the file is rebuilt from it (into a temporary file, then moved over the old one) when a
 * run starts or resumes and once more, in manifest order, when it ends. A crash can at worst leave a
 * torn last line, which the next rebuild replaces.
 */
public final class ResultsFile implements AutoCloseable {

    /** Columns of the results file. */
    public static final List<String> HEADER = List.of("key", "type", "task_id", "status", "result_url", "error",
            "coins", "submitted_at", "finished_at", "line", "file", "bytes", "sha256", "download_error");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Path path;
    private CSVPrinter appender;

    private ResultsFile(Path path) {
        this.path = path;
    }

    /**
     * A results file that keeps nothing: a fleet worker's partition writes none, since the manager's
     * report step writes the run's whole file from the ledger.
     */
    public static ResultsFile discarding() {
        ResultsFile file = new ResultsFile(null);
        try {
            file.appender = new CSVPrinter(Writer.nullWriter(), FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Rebuilds {@code path} from the ledger's finished and rejected rows, then opens it for appending. */
    public static ResultsFile rebuildAndOpen(Path path, Ledger ledger, RunPass pass) {
        rebuild(path, ledger, pass);
        ResultsFile file = new ResultsFile(path);
        try {
            file.appender = new CSVPrinter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND), FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the results file " + path + " for appending", e);
        }
        return file;
    }

    /**
     * Writes every finished and rejected row of the run, in manifest order, to {@code path}
     * atomically: readers see the old file or the new one, never a mix.
     */
    public static void rebuild(Path path, Ledger ledger, RunPass pass) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = temporarySibling(path);
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8));
                 CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
                printer.printRecord(HEADER);
                MergedRows.inLineOrder(ledger, pass, row -> print(printer, row), reject -> print(printer, reject));
            }
            moveAtomically(tmp, path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends a finished row and flushes it. */
    public void append(LedgerRow row) {
        appendAll(List.of(row));
    }

    /** Appends finished rows and flushes them once. */
    public synchronized void appendAll(List<LedgerRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        rows.forEach(row -> print(appender, row));
        try {
            appender.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the results file " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        try {
            appender.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the results file " + path, e);
        }
    }

    private static void print(CSVPrinter printer, LedgerRow row) {
        try {
            printer.printRecord(row.key(), row.family(), nullToEmpty(row.taskId()), row.state().label(),
                    nullToEmpty(row.resultUrl()), nullToEmpty(row.error()),
                    row.coins() == null ? "" : row.coins(), time(row.submittedAt()), time(row.finishedAt()),
                    row.line(), nullToEmpty(row.download().file()),
                    row.download().bytes() == null ? "" : row.download().bytes(), nullToEmpty(row.download().sha256()),
                    nullToEmpty(row.download().error()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(CSVPrinter printer, RejectedRow row) {
        try {
            printer.printRecord(row.key(), "", "", "rejected", "", String.join("; ", row.problems()), "", "", "",
                    row.line(), "", "", "", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new file beside {@code path} for an atomic replace. Created like any other file (umask
     * permissions), unlike {@code Files.createTempFile}, whose owner-only mode would end up on the result.
     */
    static Path temporarySibling(Path path) throws IOException {
        Path tmp = path.toAbsolutePath().resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid()
                + "." + System.nanoTime() + ".tmp");
        Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW).close();
        return tmp;
    }

    static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }
}
