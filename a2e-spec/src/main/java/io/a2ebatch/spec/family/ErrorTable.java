package io.a2ebatch.spec.family;

import java.util.Map;

/**
 * A provider's error codes mapped to decisions. The code looked up is the HTTP status, or, for a
 * provider whose {@link Envelope#statusInBody() envelope carries the status in the body}, the body's
 * code of an HTTP 2xx answer. Codes the table does not list fall back by range.
 *
 * @param codes            explicit decisions ({@code 401 → UNAUTHORIZED}, {@code 455 → UNAVAILABLE} ...)
 * @param otherClientError decision for an unlisted code below 500
 * @param otherServerError decision for an unlisted code of 500 or more
 * @param answers          the other direction, for whoever plays the provider (the simulator): the code
 *                         this provider answers with where HTTP's status would be another, e.g. kie.ai's
 *                         {@code 400 → 422} (validation) and {@code 503 → 455} (maintenance); a status
 *                         not listed is answered as it is
 */
public record ErrorTable(Map<Integer, ErrorKind> codes, ErrorKind otherClientError, ErrorKind otherServerError,
                         Map<Integer, Integer> answers) {

    public ErrorTable {
        codes = Map.copyOf(codes);
        answers = Map.copyOf(answers);
    }

    /** The code this provider answers with for a failure HTTP would give {@code httpStatus}. */
    public int answer(int httpStatus) {
        return answers.getOrDefault(httpStatus, httpStatus);
    }

    /** The decision for a failure code. */
    public ErrorKind decide(int code) {
        ErrorKind kind = codes.get(code);
        if (kind != null) {
            return kind;
        }
        return code >= 500 ? otherServerError : otherClientError;
    }
}
