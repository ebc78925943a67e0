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
 */
public record ErrorTable(Map<Integer, ErrorKind> codes, ErrorKind otherClientError, ErrorKind otherServerError) {

    public ErrorTable {
        codes = Map.copyOf(codes);
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
