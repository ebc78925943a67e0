package io.a2ebatch.spec.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> OPTIONS = List.of("--port", "--rate-limit", "--task-duration", "--token");

    @Test
    void suggestsNamesAFewEditsAwayIgnoringCaseAndSeparators() {
        assertThat(Suggestions.closest("--task-duraton", OPTIONS, 3)).containsExactly("--task-duration");
        assertThat(Suggestions.closest("RATE_LIMIT", OPTIONS, 3)).containsExactly("--rate-limit");
    }

    @Test
    void countsTwoNeighboursSwappedAsOneEdit() {
        assertThat(Suggestions.closest("--prot", OPTIONS, 1)).containsExactly("--port");
        assertThat(Suggestions.closest("userTetx2Image", List.of("userText2Image", "userImage2Video"), 3))
                .containsExactly("userText2Image");
    }

    @Test
    void suggestsANameThatContainsTheTypedOneNearestFirst() {
        assertThat(Suggestions.closest("duration", OPTIONS, 3)).containsExactly("--task-duration");
        assertThat(Suggestions.didYouMean("--tokn", OPTIONS)).isEqualTo("; did you mean --token?");
    }

    @Test
    void suggestsNothingForANameFarFromEveryCandidate() {
        assertThat(Suggestions.closest("--colour", OPTIONS, 3)).isEmpty();
        assertThat(Suggestions.didYouMean("--colour", OPTIONS)).isEmpty();
        assertThat(Suggestions.didYouMean(List.of("a", "b", "c"))).isEqualTo("; did you mean a, b or c?");
    }
}
