package io.a2ebatch.manifest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return write(content.getBytes(UTF_8));
    }

    private Path write(byte[] content) throws IOException {
        Path file = dir.resolve("m.csv");
        Files.write(file, content);
        return file;
    }

    private static List<ManifestRecord> readAll(Path file) throws ManifestException {
        List<ManifestRecord> records = new ArrayList<>();
        try (ManifestReader reader = ManifestReader.open(file)) {
            for (ManifestRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void readsHeaderAndRecordsWithTheirLineAndNumber() throws Exception {
        Path file = write("key,type,prompt\na,i2v,hello\nb,t2i,world\n");
        try (ManifestReader reader = ManifestReader.open(file)) {
            assertThat(reader.file()).isEqualTo(file);
            assertThat(reader.header()).containsExactly("key", "type", "prompt");
            assertThat(reader.next()).isEqualTo(new ManifestRecord(2, 1, List.of("a", "i2v", "hello")));
            assertThat(reader.next()).isEqualTo(new ManifestRecord(3, 2, List.of("b", "t2i", "world")));
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
            assertThat(reader.recordsRead()).isEqualTo(2);
        }
    }

    @Test
    void dropsAUtf8ByteOrderMarkBeforeTheHeader() throws Exception {
        Path file = write(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "key,type\na,i2v\n".getBytes(UTF_8)));
        try (ManifestReader reader = ManifestReader.open(file)) {
            assertThat(reader.header()).containsExactly("key", "type");
            assertThat(reader.next().values()).containsExactly("a", "i2v");
        }
    }

    @Test
    void readsCrlfLineEndingsWithoutLeavingCarriageReturnsInCells() throws Exception {
        List<ManifestRecord> records = readAll(write("key,type,prompt\r\na,i2v,x\r\nb,i2v,y\r\n"));
        assertThat(records).extracting(ManifestRecord::line).containsExactly(2L, 3L);
        assertThat(records.get(1).values()).containsExactly("b", "i2v", "y");
    }

    @Test
    void keepsCommasQuotesAndNewlinesOfQuotedCells() throws Exception {
        List<ManifestRecord> records = readAll(write(
                "key,type,prompt\na,i2v,\"one, two \"\"three\"\"\nfour\"\n"));
        assertThat(records.get(0).values().get(2)).isEqualTo("one, two \"three\"\nfour");
    }

    @Test
    void reportsLineOfRecordStartForMultilineQuotedField() throws Exception {
        List<ManifestRecord> records = readAll(write("key,type,prompt\n"
                + "a,i2v,\"line one\nline two\nline three\"\n"
                + "b,i2v,\"x\r\ny\"\r\n"
                + "c,i2v,z\n"));
        assertThat(records).extracting(ManifestRecord::line).containsExactly(2L, 5L, 7L);
        assertThat(records).extracting(ManifestRecord::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void skipsBlankRowsAndRowsOfEmptyCellsButKeepsCountingTheirLines() throws Exception {
        List<ManifestRecord> records = readAll(write("key,type\n\na,i2v\n,\n\"\",\"\"\n\nb,i2v"));
        assertThat(records).extracting(ManifestRecord::line).containsExactly(3L, 7L);
        assertThat(records).extracting(ManifestRecord::number).containsExactly(1L, 2L);
    }

    @Test
    void readsUnicodeKeysAndPromptsIncludingCharactersOutsideTheBasicPlane() throws Exception {
        List<ManifestRecord> records = readAll(write("key,type,prompt\n日本-001,i2v,\"夕焼け 🌅, café\"\n"));
        assertThat(records.get(0).values()).containsExactly("日本-001", "i2v", "夕焼け 🌅, café");
    }

    @Test
    void trimsHeaderNamesAndKeepsCellsAsWritten() throws Exception {
        Path file = write(" key , type ,prompt \na, i2v , spaced \n");
        try (ManifestReader reader = ManifestReader.open(file)) {
            assertThat(reader.header()).containsExactly("key", "type", "prompt");
            assertThat(reader.next().values()).containsExactly("a", " i2v ", " spaced ");
        }
    }

    @Test
    void findsKeyAndTypeColumnsIgnoringCase() throws Exception {
        try (ManifestReader reader = ManifestReader.open(write("Type,KEY\ni2v,a\n"))) {
            assertThat(reader.header()).containsExactly("Type", "KEY");
        }
    }

    @Test
    void returnsCellsOfRowsWithTheWrongNumberOfCellsForTheConverterToReport() throws Exception {
        assertThat(readAll(write("key,type,prompt\na,i2v\nb,i2v,x,extra\n")))
                .extracting(r -> r.values().size()).containsExactly(2, 4);
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestReader.open(write("")));
        assertThat(e.problem().format()).isEqualTo("m.csv: is empty; the first line must be the header, e.g. key,type,prompt");
    }

    @Test
    void rejectsAFileWhoseFirstLineIsEmpty() throws Exception {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> ManifestReader.open(write("\nkey,type\n")));
        assertThat(e.problem().line()).isEqualTo(1);
        assertThat(e.problem().reason()).startsWith("the first line is empty");
    }

    @Test
    void reportsEveryHeaderProblemAtOnce() throws Exception {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> ManifestReader.open(write("id,prompt,,prompt,#note,#note\n1,x,,y,,\n")));
        assertThat(e).isNotInstanceOf(UnreadableManifestException.class);
        assertThat(e.problems()).extracting(ManifestProblem::format).containsExactly(
                "m.csv:1:3: column 3 has no name; name it after a request field, or start it with # to keep it as a note",
                "m.csv:1:4 prompt: appears twice in the header (columns 2 and 4)",
                "m.csv:1 key: the header (line 1) has no key column; the first line must name the columns,"
                        + " e.g. key,type,prompt (found: id, prompt, , prompt, #note, #note)",
                "m.csv:1 type: the header (line 1) has no type column; the first line must name the columns,"
                        + " e.g. key,type,prompt (found: id, prompt, , prompt, #note, #note)");
    }

    @Test
    void treatsKeyColumnsThatDifferOnlyInCaseAsDuplicates() throws Exception {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> ManifestReader.open(write("key,type,Key\n")));
        assertThat(e.problem().format()).isEqualTo("m.csv:1:3 Key: appears twice in the header (columns 1 and 3)");
    }

    @Test
    void reportsInvalidUtf8WithItsLineAfterReturningTheRecordsBeforeIt() throws Exception {
        byte[] good = "key,type,prompt\na,i2v,fine\nb,i2v,\"two\nlines\"\n".getBytes(UTF_8);
        byte[] bad = concat("c,i2v,caf".getBytes(UTF_8), new byte[] {(byte) 0xE9, '\n'});
        try (ManifestReader reader = ManifestReader.open(write(concat(good, bad)))) {
            assertThat(reader.next().line()).isEqualTo(2);
            assertThat(reader.next().line()).isEqualTo(3);
            ManifestException e = catchThrowableOfType(ManifestException.class, reader::next);
            assertThat(e.problem().format()).isEqualTo("m.csv:5: is not valid UTF-8: invalid byte 0xE9 at byte offset "
                    + (good.length + 9) + "; save the manifest as UTF-8 (in Excel: \"CSV UTF-8\");"
                    + " the rows after this point were not checked");
            assertThatThrownBy(reader::next).isSameAs(e);
        }
    }

    @Test
    void reportsInvalidUtf8InTheHeader() throws Exception {
        byte[] content = concat("key,type,pr".getBytes(UTF_8), new byte[] {(byte) 0xFF, 'x', '\n'});
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestReader.open(write(content)));
        assertThat(e.problem().line()).isEqualTo(1);
        assertThat(e.problem().reason()).startsWith("is not valid UTF-8: invalid byte 0xFF at byte offset 11;");
    }

    @Test
    void recognisesAUtf16File() throws Exception {
        byte[] content = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "key,type\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestReader.open(write(content)));
        assertThat(e.problem().reason()).startsWith("is UTF-16, not UTF-8; save the manifest as UTF-8");
    }

    @Test
    void findsInvalidUtf8FarIntoALargeFileOnTheRightLine() throws Exception {
        StringBuilder sb = new StringBuilder("key,type,prompt\r\n");
        for (int i = 1; i <= 5000; i++) {
            sb.append("k").append(i).append(",i2v,\"prompt ").append(i).append(" é\r\nsecond line\"\r\n");
        }
        byte[] content = concat(sb.toString().getBytes(UTF_8), new byte[] {'z', ',', (byte) 0xC3, '(', '\n'});
        try (ManifestReader reader = ManifestReader.open(write(content))) {
            for (int i = 0; i < 5000; i++) {
                assertThat(reader.next()).isNotNull();
            }
            ManifestException e = catchThrowableOfType(ManifestException.class, reader::next);
            assertThat(e.problem().line()).isEqualTo(1 + 5000 * 2 + 1);
        }
    }

    @Test
    void reportsAnUnterminatedQuoteAtTheLineWhereItsRowStarts() throws Exception {
        try (ManifestReader reader = ManifestReader.open(write("key,type,prompt\na,i2v,ok\nb,i2v,\"never closed\nc,i2v,x\n"))) {
            assertThat(reader.next().line()).isEqualTo(2);
            ManifestException e = catchThrowableOfType(ManifestException.class, reader::next);
            assertThat(e.problem().format()).isEqualTo("m.csv:3: invalid CSV: a quoted cell that starts in this row is"
                    + " never closed (a closing \" is missing); the rows after this point were not checked");
        }
    }

    @Test
    void reportsTextAfterAClosingQuoteAtItsLine() throws Exception {
        try (ManifestReader reader = ManifestReader.open(write("key,type,prompt\na,i2v,\"multi\nline\"\nb,i2v,\"say \"hi\" now\"\n"))) {
            assertThat(reader.next().line()).isEqualTo(2);
            ManifestException e = catchThrowableOfType(ManifestException.class, reader::next);
            assertThat(e.problem().line()).isEqualTo(4);
            assertThat(e.problem().reason()).startsWith("invalid CSV: a quoted cell goes on after its closing quote;");
        }
    }

    @Test
    void skipsRecordsToResumeWhereAPreviousRunStopped() throws Exception {
        Path file = write("key,type\na,i2v\n\nb,i2v\nc,\"i2v\nx\"\nd,i2v\n");
        try (ManifestReader reader = ManifestReader.open(file)) {
            reader.skip(3);
            assertThat(reader.recordsRead()).isEqualTo(3);
            assertThat(reader.next()).isEqualTo(new ManifestRecord(7, 4, List.of("d", "i2v")));
        }
    }

    @Test
    void refusesToSkipPastTheEndBecauseTheManifestMustHaveChanged() throws Exception {
        try (ManifestReader reader = ManifestReader.open(write("key,type\na,i2v\nb,i2v\n"))) {
            ManifestException e = catchThrowableOfType(ManifestException.class, () -> reader.skip(5));
            assertThat(e.problem().reason()).isEqualTo("has only 2 records, but 5 were expected; was the manifest changed?");
        }
    }

    @Test
    void reportsAMissingFileOrADirectoryAsUnreadable() {
        UnreadableManifestException missing = catchThrowableOfType(UnreadableManifestException.class,
                () -> ManifestReader.open(dir.resolve("nope.csv")));
        assertThat(missing.problem().format()).isEqualTo("nope.csv: does not exist");
        UnreadableManifestException directory = catchThrowableOfType(UnreadableManifestException.class,
                () -> ManifestReader.open(dir));
        assertThat(directory.problem().reason()).isEqualTo("is a directory, not a manifest file");
    }
}
