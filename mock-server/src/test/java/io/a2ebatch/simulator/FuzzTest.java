package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.a2ebatch.simulator.testing.RawHttp;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Thousands of random requests, well-formed and not, over raw sockets: the simulator must answer each
 * (no hang), never with a 5xx it did not mean (none are injected here; 501 {@code NOT_SIMULATED} for an
 * operation of the spec the simulator does not model; 505 only for a request line
 * that is not {@code METHOD TARGET HTTP/1.x}, which Jetty reads as another HTTP version), every error with the JSON {@code ErrorResponse}, and no answer
 * may show a Java class name or a stack trace. Seeded, so a failure repeats: set
 * {@code -Da2e.fuzz.seed=N} to try other seeds, {@code -Da2e.fuzz.requests=N} for more requests.
 */
class FuzzTest {

    private static final long SEED = Long.getLong("a2e.fuzz.seed", 20_261_201L);
    private static final int REQUESTS = Integer.getInteger("a2e.fuzz.requests", 3_000);
    private static final String TOKEN = "sk_test_fuzz_0000000001";
    private static final List<TaskFamily> FAMILIES = List.copyOf(FamilyCatalog.bundled().families());
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
        "CONNECT", "PROPFIND", "G(T", "get", ""};
    private static final String[] ESCAPES = {"%00", "%zz", "%", "%2", "%2F", "%2E%2E", "%C3%28", "%FF", "%25", "%20",
        "..", ".", ";p=1", "//", "\u0000", " ", "\t", "\u00e9", "\u007f", "?", "#", "+", "\\"};
    private static final String[] JSON_BREAKERS = {"", "{", "}", "[", "]", ",", ":", "\"", "\\", "NaN", "Infinity",
        "/*c*/", "//c\n", "\u0000", "\u00c3(", "\u00ff\u00fe", "{}", "null", "tru", "1e999999", "-", "0x10",
        "\"\\ud800\"", "\"\\u00\"", "'a'", "01"};

    private static A2eSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN).credits(1_000_000_000L).seed(SEED).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @Test
    @Timeout(240)
    void answersEveryRandomRequestWithoutA5xxHtmlOrJavaInternals() {
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int raw = 0;
        for (int i = 0; i < REQUESTS && problems.size() < 20; i++) {
            Request request = request(random);
            raw += request.raw ? 1 : 0;
            RawHttp.Reply reply;
            try {
                reply = RawHttp.send(sim.port(), request.bytes);
            } catch (AssertionError e) {
                problems.add("#" + i + " " + e.getMessage());
                continue;
            }
            String problem = judge(request, reply);
            if (problem != null) {
                problems.add("#" + i + " " + problem + "\n  request: " + request.preview() + "\n  answer: " + reply);
            }
        }

        assertThat(problems).as("seed %d", SEED).isEmpty();
        assertThat(raw).as("requests with broken framing among them").isGreaterThan(REQUESTS / 4);
        assertThat(sim.stats().errorsInjected()).isZero();
    }

    /** What is wrong with the answer, or null. */
    private static String judge(Request request, RawHttp.Reply reply) {
        int status = reply.status();
        boolean onPurpose = status == 501 && reply.text().contains("\"NOT_SIMULATED\"")
                || status == 505 && request.otherVersion;
        if (status >= 500 && !onPurpose) {
            return "a " + status + " that was not injected";
        }
        if (RawHttp.JAVA_INTERNALS.matcher(reply.text()).find()) {
            return "Java internals in the answer";
        }
        if (status < 400 || request.head) {
            return null;
        }
        String type = reply.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "an error answer that is not JSON (" + type + ")";
        }
        JsonNode body;
        try {
            body = reply.json();
        } catch (RuntimeException e) {
            return "an error body that does not parse as JSON";
        }
        if (!body.path("success").isBoolean() || body.path("success").asBoolean()
                || body.path("code").asString("").isBlank() || body.path("error").asString("").isBlank()
                || body.path("trace_id").asString("").isBlank()) {
            return "an error body that is not the ErrorResponse envelope";
        }
        return null;
    }

    private record Request(byte[] bytes, boolean raw, boolean head, boolean otherVersion) {

        String preview() {
            String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n")
                    .replace("\u0000", "\\0");
            return s.length() > 400 ? s.substring(0, 400) + "…" : s;
        }
    }

    private static Request request(Random random) {
        TaskFamily family = FAMILIES.get(random.nextInt(FAMILIES.size()));
        String method = random.nextInt(4) == 0 ? pick(random, METHODS) : (random.nextBoolean() ? "POST" : "GET");
        String path = mutate(random, path(random, family), ESCAPES, 0.3);
        if (random.nextInt(5) == 0) {
            path += "?" + mutate(random, "pageNum=" + random.nextInt(5) + "&pageSize=" + (random.nextInt(300) - 50)
                    + "&status=processing", ESCAPES, 0.5);
        }
        String version = switch (random.nextInt(40)) {
            case 0 -> "HTTP/1.0";
            case 1 -> "HTTP/2.0";
            case 2 -> "HTTP/0.9";
            case 3 -> "";
            case 4 -> "HTTX/1.1";
            default -> "HTTP/1.1";
        };
        byte[] body = body(random, family);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(version.isEmpty() ? "" : " ")
                .append(version).append("\r\n");
        if (random.nextInt(20) != 0) {
            head.append("Host: localhost\r\n");
        }
        switch (random.nextInt(6)) {
            case 0 -> { }
            case 1 -> head.append("Authorization: Bearer sk_test_unknown_").append(random.nextInt(1000)).append("\r\n");
            case 2 -> head.append("Authorization: ").append(mutate(random, "Bearer " + TOKEN, ESCAPES, 0.5)).append("\r\n");
            default -> head.append("Authorization: Bearer ").append(TOKEN).append("\r\n");
        }
        if (random.nextInt(3) != 0) {
            head.append("Content-Type: ").append(random.nextInt(4) == 0 ? "text/plain" : "application/json").append("\r\n");
        }
        if (random.nextInt(15) == 0) {
            head.append(mutate(random, "X-Fuzz: value", ESCAPES, 0.5)).append("\r\n");
        }
        if (random.nextInt(25) == 0) {
            head.append("Expect: ").append(random.nextBoolean() ? "100-continue" : "something-else").append("\r\n");
        }
        boolean raw;
        byte[] framed;
        switch (random.nextInt(10)) {
            case 0 -> {
                // A body shorter than the Content-Length it announces.
                head.append("Content-Length: ").append(body.length + 1 + random.nextInt(50)).append("\r\n\r\n");
                framed = body;
                raw = true;
            }
            case 1 -> {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                framed = brokenChunks(random, body);
                raw = true;
            }
            case 2 -> {
                head.append("Content-Length: ").append(pick(random, new String[] {"-1", "abc", "1 2", "", "99999999999999999999",
                    "0x10"})).append("\r\n\r\n");
                framed = body;
                raw = true;
            }
            case 3 -> {
                head.append("Transfer-Encoding: chunked\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
                framed = chunks(body);
                raw = true;
            }
            case 4 -> {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                framed = chunks(body);
                raw = false;
            }
            default -> {
                head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                framed = body;
                raw = false;
            }
        }
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + framed.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(framed, 0, all, start.length, framed.length);
        if (random.nextInt(30) == 0) {
            // Random bytes anywhere in the request.
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                all[random.nextInt(all.length)] = (byte) random.nextInt(256);
            }
            raw = true;
        }
        // Jetty reads a request line without a target ("POST  HTTP/1.1") as HTTP/0.9, which it answers with 505.
        boolean otherVersion = !requestLine(all).matches("[^ ]+ [^ ]+ HTTP/1\\.[01]");
        return new Request(all, raw || otherVersion, method.equals("HEAD"), otherVersion);
    }

    private static String requestLine(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    }

    private static String path(Random random, TaskFamily family) {
        String id = random.nextBoolean() ? "0123456789abcdef01234567" : Integer.toHexString(random.nextInt());
        return switch (random.nextInt(12)) {
            case 0 -> family.detail().path(id);
            case 1 -> family.batchDetail().map(b -> b.path()).orElse("/api/v1/x/batchDetail");
            case 2 -> family.list().map(l -> l.path()).orElse("/api/v1/x/list");
            case 3 -> family.delete().map(d -> d.path(id)).orElse("/api/v1/x/" + id);
            case 4 -> "/__a2e/" + pick(random, new String[] {"stats", "config", "requests?limit=-1", "credits", "tokens", "nope"});
            case 5 -> "/results/" + id + (random.nextBoolean() ? ".png" : ".mp4");
            case 6 -> "/__admin/" + pick(random, new String[] {"mappings", "requests", "reset", "shutdown"});
            case 7 -> "/__files/" + id;
            case 8 -> "/" + pick(random, new String[] {"", "*", "api", "api/v1", "favicon.ico"});
            default -> family.start().path();
        };
    }

    private static byte[] body(Random random, TaskFamily family) {
        String json = switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "{\"ids\":[\"0123456789abcdef01234567\"," + random.nextInt() + "]}";
            case 2 -> "[".repeat(random.nextInt(2_000)) + "]".repeat(random.nextInt(2_000));
            // Harmless for POST /__a2e/config: the fuzz must not switch on injected failures itself.
            case 3 -> "{\"request_log_size\":" + (random.nextInt(20_000) - 100) + "}";
            default -> SampleBodies.validJson(family, "fuzz-" + random.nextInt(100));
        };
        if (random.nextBoolean()) {
            json = mutate(random, json, JSON_BREAKERS, 0.02);
        }
        if (random.nextInt(10) == 0 && !json.isEmpty()) {
            json = json.substring(0, random.nextInt(json.length()));
        }
        return json.getBytes(random.nextInt(10) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static byte[] chunks(byte[] body) {
        StringBuilder out = new StringBuilder();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length(); i += 7) {
            String piece = text.substring(i, Math.min(text.length(), i + 7));
            out.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] brokenChunks(Random random, byte[] body) {
        String good = new String(chunks(body), StandardCharsets.ISO_8859_1);
        String broken = switch (random.nextInt(4)) {
            case 0 -> good.substring(0, random.nextInt(good.length()));
            case 1 -> "ZZ\r\n" + good;
            case 2 -> good.replace("\r\n", "\n");
            default -> Integer.toHexString(body.length + 10) + "\r\n" + new String(body, StandardCharsets.ISO_8859_1);
        };
        return broken.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code text} with some characters replaced by or followed by pieces of {@code breakers}. */
    private static String mutate(Random random, String text, String[] breakers, double share) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            double roll = random.nextDouble();
            if (roll < share / 3) {
                out.append(pick(random, breakers));
            } else if (roll < share * 2 / 3) {
                out.append(text.charAt(i)).append(pick(random, breakers));
            } else if (roll >= share) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
