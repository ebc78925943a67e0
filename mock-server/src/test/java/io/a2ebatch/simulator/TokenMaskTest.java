package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenMaskTest {

    @Test
    void keepsTheKindAndTheLastFourCharactersOfALongToken() {
        assertThat(TokenMask.mask("sk_test_4f9a8b7c6d5e4f3a2b1cab12")).isEqualTo("sk_test_…ab12");
        assertThat(TokenMask.mask("abcdefghijklmnopqrstuvwxyz")).isEqualTo("…wxyz");
    }

    @Test
    void showsOnlyAHashOfAShortToken() {
        String mask = TokenMask.mask("sk_test_a");

        assertThat(mask).startsWith("sk_test_…#").hasSize("sk_test_…#".length() + 4).doesNotEndWith("_a");
        assertThat(mask).isNotEqualTo(TokenMask.mask("sk_test_b"));
    }

    @Test
    void namesAccountsBySha256() {
        assertThat(TokenMask.key("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
