package io.a2ebatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamingTest {

    private final TaskNaming naming = new TaskNaming("3f9c1a20");

    @Test
    void namesEachAttemptDifferently() {
        assertThat(naming.nameFor("demo-001", "", 1)).isEqualTo("demo-001 [a2e 3f9c1a20]");
        assertThat(naming.nameFor("demo-001", "demo-001", 2)).isEqualTo("demo-001 [a2e 3f9c1a20 #2]");
        assertThat(naming.nameFor("demo-001", "My clip", 1)).isEqualTo("My clip [a2e 3f9c1a20 demo-001]");
        assertThat(naming.nameFor("demo-001", "My clip", 3)).isEqualTo("My clip [a2e 3f9c1a20 demo-001 #3]");
    }

    @Test
    void readsKeyAndAttemptBackFromEveryForm() {
        for (String key : new String[] {"demo-001", "a key with spaces", "k#1", "x]y"}) {
            for (String own : new String[] {"", "My [clip]"}) {
                for (int attempt = 1; attempt <= 3; attempt++) {
                    assertThat(naming.parse(naming.nameFor(key, own, attempt)))
                            .contains(new TaskNaming.Parsed(key, attempt));
                }
            }
        }
    }

    @Test
    void ignoresNamesOfOtherRunsAndOfPeople() {
        assertThat(naming.parse("demo-001 [a2e 00000000]")).isEmpty();
        assertThat(naming.parse("holiday video")).isEmpty();
        assertThat(naming.parse(null)).isEmpty();
        assertThat(naming.parse("[a2e 3f9c1a20]")).isEmpty();
    }
}
