package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The simulator's packages form no cycle, and the public API ({@code io.a2ebatch.simulator}) depends
 * on no implementation package. Read from the sources (imports and fully qualified names), which is
 * all a package can use another one through; no bytecode library needed.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "io.a2ebatch.simulator";
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.a2ebatch\\.simulator(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    @Test
    void mockServerPackagesImportEachOtherWithoutACycle() {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph).as("packages found under %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(5);
        assertThat(cycles(graph)).as("package cycles (each listed as a path back to its start)").isEmpty();
    }

    @Test
    void thePublicApiDependsOnNoInternalPackage() {
        assertThat(dependencies().get(ROOT)).noneMatch(p -> p.startsWith(ROOT + ".internal"));
    }

    @Test
    void theCycleSearchFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c", "a"));
    }

    /** Package → simulator packages it refers to (itself excluded). */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(""));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One cycle per strongly connected group, found by depth-first search from each package in order. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            Deque<String> path = new ArrayDeque<>();
            search(start, graph, path, done, found);
        }
        return found;
    }

    private static void search(String pkg, Map<String, Set<String>> graph, Deque<String> path, Set<String> done,
                               List<List<String>> found) {
        if (path.contains(pkg)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : (Iterable<String>) path::descendingIterator) {
                in |= p.equals(pkg);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(pkg);
            found.add(cycle);
            return;
        }
        if (!done.add(pkg)) {
            return;
        }
        path.push(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            search(next, graph, path, done, found);
        }
        path.pop();
    }
}
