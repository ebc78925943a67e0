package io.a2ebatch.manifest;

import java.util.List;

/**
 * The manifest cannot be read any further: its header is unusable, its bytes are not UTF-8, or its CSV
 * syntax is broken. Rows read before the problem stay valid; nothing after it can be trusted.
 */
public class ManifestException extends Exception {

    private final List<ManifestProblem> problems;

    public ManifestException(List<ManifestProblem> problems) {
        this(problems, null);
    }

    public ManifestException(ManifestProblem problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    private ManifestException(List<ManifestProblem> problems, Throwable cause) {
        super(describe(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** The first (usually the only) problem. */
    public ManifestProblem problem() {
        return problems.get(0);
    }

    /** Every problem found, in the order of the file (a header can have several). */
    public List<ManifestProblem> problems() {
        return problems;
    }

    private static String describe(List<ManifestProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one problem");
        }
        StringBuilder sb = new StringBuilder(problems.get(0).format());
        for (int i = 1; i < problems.size(); i++) {
            sb.append(System.lineSeparator()).append(problems.get(i).format());
        }
        return sb.toString();
    }
}
