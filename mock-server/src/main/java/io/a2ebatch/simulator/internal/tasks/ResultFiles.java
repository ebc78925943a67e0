package io.a2ebatch.simulator.internal.tasks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * The small files the simulator serves as finished tasks' results, at {@code /results/<id>.<ext>}.
 * One rule picks the kind for every family: a family makes images ({@code png}) when its start
 * operation's summary and tags speak of an image and not of a video, or its result field names an
 * image ({@code result_image_url}); every other family makes videos ({@code mp4}).
 */
public final class ResultFiles {

    /** Where result files are served. */
    public static final String PREFIX = "/results/";

    /** A 1×1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private final Map<String, String> extensionByFamily = new HashMap<>();
    private final BinaryOperator<String> hostedUrl;

    public ResultFiles(FamilyCatalog catalog) {
        this(catalog, null);
    }

    /**
     * @param hostedUrl the URL of a task's file ({@code (id, extension)}) on a separate file host, or
     *                  null to serve the small placeholder files under the API's own base URL
     */
    public ResultFiles(FamilyCatalog catalog, BinaryOperator<String> hostedUrl) {
        this.hostedUrl = hostedUrl;
        for (TaskFamily family : catalog.families()) {
            extensionByFamily.put(family.name(), makesImages(family) ? "png" : "mp4");
        }
    }

    private static boolean makesImages(TaskFamily family) {
        if (family.fields().resultUrl().contains("image")) {
            return true;
        }
        String text = ApiSpec.bundled(family.provider().specResource()).operation(family.start().method(), family.start().pathTemplate())
                .map(op -> op.node().path("summary").asString("") + " " + op.node().path("tags").toString())
                .orElse("").toLowerCase(Locale.ROOT);
        return text.contains("image") && !text.contains("video");
    }

    /** {@code png} or {@code mp4}. */
    public String extension(TaskFamily family) {
        return extensionByFamily.get(family.name());
    }

    /** The result URL of a completed task: on the file host if there is one, else under {@code baseUrl} ({@code http://host:port}). */
    public String url(String baseUrl, TaskFamily family, String id) {
        if (hostedUrl != null) {
            return hostedUrl.apply(id, extension(family));
        }
        return baseUrl + PREFIX + id + "." + extension(family);
    }

    /** The URL of a completed task's thumbnail (a PNG), beside its result, for providers whose records carry one. */
    public String thumbnailUrl(String baseUrl, String id) {
        if (hostedUrl != null) {
            return hostedUrl.apply(id, "png");
        }
        return baseUrl + PREFIX + id + ".png";
    }

    /** The file's content: a 1×1 PNG, or an MP4 header naming the task (a placeholder, not a playable video). */
    public static ApiResponse content(String extension, String id) {
        if (extension.equals("png")) {
            return ApiResponse.file("image/png", PNG.clone());
        }
        byte[] note = ("a2e-simulator result of task " + id).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer mp4 = ByteBuffer.allocate(24 + 8 + note.length);
        mp4.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0x200).put("isom".getBytes(StandardCharsets.US_ASCII)).put("mp41".getBytes(StandardCharsets.US_ASCII));
        mp4.putInt(8 + note.length).put("free".getBytes(StandardCharsets.US_ASCII)).put(note);
        return ApiResponse.file("video/mp4", mp4.array());
    }
}
