package io.a2ebatch.simulator;

/**
 * What the result-file host has served since the start or the last reset.
 *
 * @param requests          file requests received
 * @param bytesServed       body bytes written, cut responses included
 * @param rangeRequests     requests with a {@code Range} header
 * @param completeResponses responses whose whole body was sent
 * @param cuts              responses whose connection was closed part-way through the body
 * @param errorsInjected    injected 503 answers
 * @param expired           requests with an expired URL, answered 403
 * @param notFound          requests for a URL the simulator did not issue, answered 404
 * @param withAuthorization requests that carried an {@code Authorization} header (a client leaking its token)
 * @param inProgress        requests being answered now (a body still being sent, perhaps to a client that died)
 */
public record FileHostStats(long requests, long bytesServed, long rangeRequests, long completeResponses, long cuts,
                            long errorsInjected, long expired, long notFound, long withAuthorization,
                            long inProgress) {

    /** Nothing served. */
    public static final FileHostStats NONE = new FileHostStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
