package io.a2ebatch.simulator.internal.tasks;

import io.a2ebatch.simulator.internal.http.ApiError;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's stand-in for A2E's content moderation (head swap's codes 1003 and 1004, applied to
 * every family): a marker anywhere in a string field of a start request triggers it.
 * <ul>
 *   <li>{@value #MINOR} — 403, code {@code 1003}: a minor was detected; the task is refused.</li>
 *   <li>{@value #SUSPECTED_MINOR} — 403, code {@code 1004}: a minor is suspected; refused unless the
 *       body has {@code "minor_suspected_skip": true}.</li>
 *   <li>{@value #UNREACHABLE} (in a URL, e.g. {@code https://example.com/blocked-451/clip.mp4}) — 451,
 *       code {@code INPUT_UNREACHABLE}: the input could not be fetched (kie.ai's 451; A2E answers 400,
 *       as its descriptor says).</li>
 * </ul>
 */
public final class Moderation {

    /** Marker that makes a start request fail with 1003. */
    public static final String MINOR = "a2e-moderation:minor";
    /** Marker that makes a start request fail with 1004 unless {@value #SKIP_FIELD} is true. */
    public static final String SUSPECTED_MINOR = "a2e-moderation:suspected-minor";
    /** Marker of an input the provider cannot fetch (kie.ai's 451). */
    public static final String UNREACHABLE = "blocked-451";
    /** Body field that lets a suspected (not a detected) minor through. */
    public static final String SKIP_FIELD = "minor_suspected_skip";

    private static final int MAX_DEPTH = 32;

    private Moderation() {
    }

    /**
     * Checks a start request body.
     *
     * @throws ApiError 451 for an unreachable input; 403 with code 1003 or 1004
     */
    public static void check(JsonNode body) {
        if (contains(body, UNREACHABLE, 0)) {
            throw new ApiError(451, "INPUT_UNREACHABLE", "Failed to fetch an input URL (it contains the simulator's "
                    + "marker " + UNREACHABLE + "). Check that every URL is public and not blocked by access limits");
        }
        if (contains(body, MINOR, 0)) {
            throw new ApiError(403, "1003", "Content moderation refused the input: a minor was detected in it. "
                    + "A2E does not process images or videos of minors; use other input");
        }
        JsonNode skip = body.get(SKIP_FIELD);
        boolean skipped = skip != null && skip.isBoolean() && skip.booleanValue();
        if (!skipped && contains(body, SUSPECTED_MINOR, 0)) {
            throw new ApiError(403, "1004", "Content moderation suspects a minor in the input. If every person "
                    + "shown is an adult, send the request again with \"" + SKIP_FIELD + "\": true");
        }
    }

    private static boolean contains(JsonNode node, String marker, int depth) {
        if (node.isString()) {
            return node.stringValue().contains(marker);
        }
        if (depth < MAX_DEPTH && (node.isObject() || node.isArray())) {
            for (JsonNode child : node) {
                if (contains(child, marker, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
