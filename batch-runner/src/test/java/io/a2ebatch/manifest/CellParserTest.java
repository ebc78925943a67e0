package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import io.a2ebatch.spec.schema.ArraySchema;
import io.a2ebatch.spec.schema.BooleanSchema;
import io.a2ebatch.spec.schema.NumberSchema;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.Schema;
import io.a2ebatch.spec.schema.StringSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class CellParserTest {

    private static final StringSchema TEXT = new StringSchema(List.of(), null, null, null, null);
    private static final NumberSchema INTEGER = new NumberSchema(true, null, null);

    @Test
    void parsesWholeNumbersWithSignsSpacesAndLeadingZeros() {
        assertThat(CellParser.integer("5").intValue()).isEqualTo(5);
        assertThat(CellParser.integer("-3").intValue()).isEqualTo(-3);
        assertThat(CellParser.integer("+12").intValue()).isEqualTo(12);
        assertThat(CellParser.integer(" 7 ").intValue()).isEqualTo(7);
        assertThat(CellParser.integer("007").intValue()).isEqualTo(7);
        assertThat(CellParser.integer("2147483648").isLong()).isTrue();
        assertThat(CellParser.integer("123456789012345678901234").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.0", "1e3", "abc", "", " ", "-", "+", "1,000", "0x10", "5 5", "٣"})
    void rejectsAnythingButAWholeNumberAsAnInteger(String cell) {
        assertThat(CellParser.integer(cell)).isNull();
    }

    @Test
    void parsesNumbersKeepingTheirExactDecimalValue() {
        assertThat(CellParser.number("512.5").decimalValue()).isEqualByComparingTo("512.5");
        assertThat(CellParser.number("0.1").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(CellParser.number("-2.5e3").decimalValue()).isEqualByComparingTo("-2500");
        assertThat(CellParser.number("1E-2").decimalValue()).isEqualByComparingTo("0.01");
        JsonNode whole = CellParser.number("1024");
        assertThat(whole.isIntegralNumber()).isTrue();
        assertThat(whole.intValue()).isEqualTo(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", ".5", "5.", "1e", "1e+", "--1", "1.2.3", "12px", "1 000"})
    void rejectsWhatIsNotAJsonNumber(String cell) {
        assertThat(CellParser.number(cell)).isNull();
    }

    @Test
    void acceptsTrueFalseYesNoOneZeroInAnyCase() {
        for (String yes : Set.of("true", "TRUE", "True", "yes", "YES", "1", " true ")) {
            assertThat(CellParser.bool(yes).booleanValue()).as(yes).isTrue();
        }
        for (String no : Set.of("false", "FALSE", "no", "No", "0")) {
            assertThat(CellParser.bool(no).booleanValue()).as(no).isFalse();
        }
        for (String neither : Set.of("maybe", "t", "f", "y", "n", "2", "on", "off", "")) {
            assertThat(CellParser.bool(neither)).as(neither).isNull();
        }
    }

    @Test
    void splitsAPipeListTrimmingItemsAndConvertingThemByTheItemSchema() {
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.array("a.jpg | b.jpg|c.jpg", new ArraySchema(TEXT, null, null), why))
                .hasToString("[\"a.jpg\",\"b.jpg\",\"c.jpg\"]");
        assertThat(CellParser.array("1|2|3", new ArraySchema(INTEGER, null, null), why)).hasToString("[1,2,3]");
        assertThat(CellParser.array("yes|0", new ArraySchema(new BooleanSchema(), null, null), why))
                .hasToString("[true,false]");
        assertThat(CellParser.array("single", new ArraySchema(TEXT, null, null), why)).hasToString("[\"single\"]");
        assertThat(why).isEmpty();
    }

    @Test
    void namesTheBadItemOfAPipeList() {
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.array("1|x|3", new ArraySchema(INTEGER, null, null), why)).isNull();
        assertThat(why).hasToString("item 2: expected an integer, got \"x\"");
        why.setLength(0);
        assertThat(CellParser.array("a||b", new ArraySchema(TEXT, null, null), why)).isNull();
        assertThat(why).hasToString("item 2 is empty");
    }

    @Test
    void readsAJsonArrayAsWritten() {
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.array(" [\"a|b\", \"c\"] ", new ArraySchema(TEXT, null, null), why))
                .hasToString("[\"a|b\",\"c\"]");
        assertThat(why).isEmpty();
    }

    @Test
    void explainsBrokenJson() {
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.array("[\"a\",", new ArraySchema(TEXT, null, null), why)).isNull();
        assertThat(why.toString()).startsWith("is not valid JSON (");
        why.setLength(0);
        assertThat(CellParser.object("{\"x\": 1} trailing", why)).isNull();
        assertThat(why.toString()).startsWith("is not valid JSON (");
    }

    @Test
    void requiresJsonForArraysOfObjects() {
        Schema item = new ObjectSchema(java.util.Map.of("prompt", TEXT), Set.of("prompt"));
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.array("a|b", new ArraySchema(item, null, null), why)).isNull();
        assertThat(why).hasToString("expected a JSON array of objects such as [{...}], got \"a|b\"");
    }

    @Test
    void readsAJsonObjectAndRefusesOtherNotations() {
        StringBuilder why = new StringBuilder();
        assertThat(CellParser.object("{\"x\": 1, \"y\": 2.5}", why)).hasToString("{\"x\":1,\"y\":2.5}");
        assertThat(CellParser.object("x=1;y=2", why)).isNull();
        assertThat(why).hasToString("expected a JSON object such as {\"x\": 1}, got \"x=1;y=2\"");
    }

    @Test
    void quotesAndShortensCellsForMessages() {
        assertThat(CellParser.show("a\"b\nc")).isEqualTo("\"a\\\"b\\nc\"");
        assertThat(CellParser.show("x".repeat(200))).hasSize(80).endsWith("...");
    }
}
