package io.a2ebatch.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of a CSV manifest (RFC 4180, UTF-8 with or without a byte order mark, LF or CRLF)
 * with Apache Commons CSV, one record at a time: memory does not grow with the manifest's length.
 * Each record carries the physical line it starts on, so a problem in a row after a multi-line quoted
 * cell is still reported where an editor shows it. Blank rows, and rows whose cells are all empty (which
 * spreadsheets export), are skipped. Like Spring Batch's {@code FlatFileItemReader}, a restart re-reads
 * and discards the records already processed ({@link #skip(long)}).
 * <p>
 * Not thread-safe; one reader per thread.
 */
public final class ManifestReader implements AutoCloseable {

    /** Empty lines are returned, not skipped, so that the lexer's line count stays exact. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private static final String CHECKING_STOPPED = "; the rows after this point were not checked";

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long recordsRead;
    private ManifestException failure;

    private ManifestReader(Path file, CSVParser parser, Iterator<CSVRecord> records, List<String> header) {
        this.file = file;
        this.parser = parser;
        this.records = records;
        this.header = header;
    }

    /**
     * Opens a manifest and reads its header.
     *
     * @throws UnreadableManifestException when the file cannot be read at all
     * @throws ManifestException           when it is empty, not UTF-8, not CSV, or its header lacks a
     *                                     {@code key} or {@code type} column or has blank or repeated names
     */
    public static ManifestReader open(Path file) throws ManifestException {
        if (Files.isDirectory(file)) {
            throw unreadable(file, "is a directory, not a manifest file", null);
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "does not exist", e);
        } catch (IOException e) {
            throw unreadable(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        CSVParser parser = null;
        try {
            parser = CSVParser.builder().setReader(new Utf8ManifestDecoder(in)).setFormat(FORMAT).get();
            Iterator<CSVRecord> records = parser.iterator();
            CSVRecord first = nextOrNull(records, file, parser, 1);
            if (first == null) {
                throw new ManifestException(List.of(new ManifestProblem(file, 0, 0, "",
                        "is empty; the first line must be the header, e.g. key,type,prompt")));
            }
            List<String> names = new ArrayList<>(first.size());
            for (String cell : first.values()) {
                names.add(cell.strip());
            }
            if (names.size() == 1 && names.get(0).isEmpty()) {
                throw new ManifestException(List.of(new ManifestProblem(file, 1, 0, "",
                        "the first line is empty; it must be the header, e.g. key,type,prompt")));
            }
            List<ManifestProblem> problems = new ArrayList<>();
            if (ManifestHeader.check(file, names, problems) == null) {
                throw new ManifestException(problems);
            }
            return new ManifestReader(file, parser, records, List.copyOf(names));
        } catch (ManifestException e) {
            closeQuietly(parser, in);
            throw e;
        } catch (IOException e) {
            closeQuietly(parser, in);
            throw unreadable(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The manifest. */
    public Path file() {
        return file;
    }

    /** Column names as written in the header, surrounding spaces removed. */
    public List<String> header() {
        return header;
    }

    /** Data records returned or skipped so far; what a restart passes to {@link #skip(long)}. */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * The next data record, or {@code null} at the end of the manifest.
     *
     * @throws ManifestException when the CSV syntax breaks (an unterminated quote, text after a closing
     *                           quote) or the bytes are not UTF-8; the reader then stays failed
     */
    public ManifestRecord next() throws ManifestException {
        if (failure != null) {
            throw failure;
        }
        while (true) {
            // The lexer has consumed whole lines so far: the next record starts on the next one.
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                record = nextOrNull(records, file, parser, line);
            } catch (ManifestException e) {
                failure = e;
                throw e;
            }
            if (record == null) {
                return null;
            }
            String[] values = record.values();
            if (!allEmpty(values)) {
                recordsRead++;
                return new ManifestRecord(line, recordsRead, Collections.unmodifiableList(Arrays.asList(values)));
            }
        }
    }

    /**
     * Reads and discards {@code count} records, to resume after the records a previous run processed.
     *
     * @throws ManifestException when the manifest has fewer records left, which means it changed
     */
    public void skip(long count) throws ManifestException {
        for (long i = 0; i < count; i++) {
            if (next() == null) {
                throw new ManifestException(List.of(new ManifestProblem(file, 0, 0, "",
                        "has only " + recordsRead + " records, but " + (recordsRead + count - i)
                                + " were expected; was the manifest changed?")));
            }
        }
    }

    /** Closes the file. */
    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // Nothing was written and every record was already read: a failed close loses nothing.
        }
    }

    private static CSVRecord nextOrNull(Iterator<CSVRecord> records, Path file, CSVParser parser, long line)
            throws ManifestException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause(), file, parser, line);
        }
    }

    private static ManifestException translate(IOException e, Path file, CSVParser parser, long recordLine) {
        if (e instanceof Utf8ManifestDecoder.InvalidUtf8Exception invalid) {
            return new ManifestException(new ManifestProblem(file, invalid.line(), 0, "",
                    invalid.getMessage() + CHECKING_STOPPED), e);
        }
        if (e instanceof CSVException) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("EOF reached before encapsulated token finished")) {
                return new ManifestException(new ManifestProblem(file, recordLine, 0, "",
                        "invalid CSV: a quoted cell that starts in this row is never closed (a closing \" is missing)"
                                + CHECKING_STOPPED), e);
            }
            if (message.contains("Invalid character between encapsulated token and delimiter")) {
                return new ManifestException(new ManifestProblem(file, parser.getCurrentLineNumber(), 0, "",
                        "invalid CSV: a quoted cell goes on after its closing quote; inside a quoted cell write"
                                + " a quote as two quotes (\"\")" + CHECKING_STOPPED), e);
            }
            return new ManifestException(new ManifestProblem(file, recordLine, 0, "",
                    "invalid CSV (" + message + ")" + CHECKING_STOPPED), e);
        }
        return unreadable(file, "could not be read (" + e.getMessage() + ")", e);
    }

    private static UnreadableManifestException unreadable(Path file, String reason, IOException cause) {
        return new UnreadableManifestException(new ManifestProblem(file, 0, 0, "", reason), cause);
    }

    private static boolean allEmpty(String[] values) {
        for (String value : values) {
            if (!value.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(CSVParser parser, InputStream in) {
        try {
            if (parser != null) {
                parser.close();
            } else {
                in.close();
            }
        } catch (IOException ignored) {
            // The open failed already; that failure is the one worth reporting.
        }
    }
}
