package io.a2ebatch.spec.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean ...?" for misspelt names (options, properties, fields, task families), shared by the
 * runner and the simulator so that both suggest alike. Only used on the error path.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Up to {@code max} candidates close to {@code input}: few edits apart (two neighbours swapped count
     * as one edit), or one containing the other, ignoring case, dashes, underscores and spaces; nearest
     * first, ties in candidate order.
     */
    public static List<String> closest(String input, Collection<String> candidates, int max) {
        String wanted = normalize(input);
        if (wanted.isEmpty()) {
            return List.of();
        }
        int allowed = Math.max(1, Math.min(3, wanted.length() / 3));
        record Match(String candidate, int distance, int order) {
        }
        List<Match> matches = new ArrayList<>();
        int order = 0;
        for (String candidate : candidates) {
            String have = normalize(candidate);
            int distance = distance(wanted, have);
            boolean contains = Math.min(wanted.length(), have.length()) >= 4
                    && (have.contains(wanted) || wanted.contains(have));
            if (distance <= allowed || contains) {
                matches.add(new Match(candidate, contains ? Math.min(distance, allowed) : distance, order));
            }
            order++;
        }
        matches.sort(Comparator.comparingInt(Match::distance).thenComparingInt(Match::order));
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (Match m : matches) {
            if (result.size() == max) {
                break;
            }
            result.add(m.candidate());
        }
        return List.copyOf(result);
    }

    /** "; did you mean a or b?" for the candidates close to {@code input}, or empty when none is. */
    public static String didYouMean(String input, Collection<String> candidates) {
        return didYouMean(closest(input, candidates, 3));
    }

    /** "; did you mean a, b or c?", or empty for no names. */
    public static String didYouMean(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        int last = names.size() - 1;
        return "; did you mean " + (last == 0 ? names.get(0)
                : String.join(", ", names.subList(0, last)) + " or " + names.get(last)) + "?";
    }

    private static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '_' && c != ' ') {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Edit distance where two neighbouring characters swapped count as one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.length()];
    }
}
