package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateKeyFinderTest {

    @TempDir
    Path temp;

    private static List<DuplicateKeyFinder.Duplicate> duplicates(DuplicateKeyFinder finder) throws Exception {
        List<DuplicateKeyFinder.Duplicate> found = new ArrayList<>();
        finder.forEachDuplicate(found::add);
        return found;
    }

    @Test
    void reportsEveryLaterOccurrenceWithTheFirstLineOfItsKeyInLineOrder() throws Exception {
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(1000, temp)) {
            finder.add("b", 2, 0);
            finder.add("a", 3, 1);
            finder.add("b", 4, 2);
            finder.add("c", 5, 3);
            finder.add("a", 6, -1);
            finder.add("b", 9, 4);
            assertThat(duplicates(finder)).containsExactly(
                    new DuplicateKeyFinder.Duplicate("b", 4, 2, 2),
                    new DuplicateKeyFinder.Duplicate("a", 6, 3, -1),
                    new DuplicateKeyFinder.Duplicate("b", 9, 2, 4));
            assertThat(finder.spilled()).isFalse();
        }
    }

    @Test
    void findsNothingWhenEveryKeyIsUnique() throws Exception {
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(3, temp)) {
            for (int i = 0; i < 100; i++) {
                finder.add("k" + i, i + 2, 0);
            }
            assertThat(duplicates(finder)).isEmpty();
        }
    }

    @Test
    void findsTheSameDuplicatesWhenKeysSpillToDiskAcrossManyMergePasses() throws Exception {
        // 5,000 keys in runs of 7: about 700 runs, more than one merge pass of ExternalSorter.FAN_IN files.
        Random random = new Random(42);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            keys.add(random.nextInt(10) == 0 && !keys.isEmpty() ? keys.get(random.nextInt(keys.size()))
                    : "key-" + random.nextInt(1_000_000) + "-日本");
        }
        List<DuplicateKeyFinder.Duplicate> expected = new ArrayList<>();
        java.util.Map<String, Long> first = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            long line = i + 2;
            Long before = first.putIfAbsent(keys.get(i), line);
            if (before != null) {
                expected.add(new DuplicateKeyFinder.Duplicate(keys.get(i), line, before, i));
            }
        }
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(7, temp)) {
            for (int i = 0; i < keys.size(); i++) {
                finder.add(keys.get(i), i + 2, i);
            }
            assertThat(finder.spilled()).isTrue();
            assertThat(duplicates(finder)).isEqualTo(expected);
        }
        assertThat(expected).hasSizeGreaterThan(400);
    }

    @Test
    void deletesItsTemporaryFilesWhenClosed() throws Exception {
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(2, temp)) {
            for (int i = 0; i < 50; i++) {
                finder.add("k" + (i % 20), i + 2, 0);
            }
            try (var files = Files.list(temp)) {
                assertThat(files).isNotEmpty();
            }
            assertThat(duplicates(finder)).hasSize(30);
        }
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void deletesItsTemporaryFilesEvenWhenDuplicatesWereNeverListed() throws Exception {
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(2, temp)) {
            for (int i = 0; i < 9; i++) {
                finder.add("k" + i, i + 2, 0);
            }
        }
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void listsDuplicatesOnlyOnceAndAcceptsNoKeysAfterwards() throws Exception {
        try (DuplicateKeyFinder finder = new DuplicateKeyFinder(10, temp)) {
            finder.add("a", 2, 0);
            duplicates(finder);
            assertThatThrownBy(() -> finder.forEachDuplicate(d -> { })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> finder.add("b", 3, 0)).isInstanceOf(IllegalStateException.class);
        }
    }
}
