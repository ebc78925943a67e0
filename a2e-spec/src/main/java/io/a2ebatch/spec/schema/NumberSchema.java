package io.a2ebatch.spec.schema;

import java.math.BigDecimal;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * {@code type: integer} or {@code type: number}.
 *
 * @param integer whether only whole numbers are allowed (OpenAPI 3.0 / JSON Schema draft 4: a value
 *                written with a fraction, even {@code 5.0}, is not an integer)
 * @param minimum inclusive lower bound, or {@code null}
 * @param maximum inclusive upper bound, or {@code null}
 */
public record NumberSchema(boolean integer, BigDecimal minimum, BigDecimal maximum) implements Schema {

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        if (!value.isNumber() || (integer && !value.isIntegralNumber())) {
            out.add(new Violation(field, Violation.Rule.TYPE,
                    "expected " + (integer ? "an integer" : "a number") + ", got " + Schema.show(value)));
            return;
        }
        BigDecimal v = value.decimalValue();
        if (minimum != null && v.compareTo(minimum) < 0) {
            out.add(new Violation(field, Violation.Rule.MINIMUM,
                    v.toPlainString() + " is below the minimum " + minimum.toPlainString()
                            + rangeHint()));
        }
        if (maximum != null && v.compareTo(maximum) > 0) {
            out.add(new Violation(field, Violation.Rule.MAXIMUM,
                    v.toPlainString() + " is above the maximum " + maximum.toPlainString()
                            + rangeHint()));
        }
    }

    private String rangeHint() {
        if (minimum != null && maximum != null) {
            return " (allowed: " + minimum.toPlainString() + ".." + maximum.toPlainString() + ")";
        }
        return "";
    }

    @Override
    public String typeName() {
        return integer ? "integer" : "number";
    }
}
