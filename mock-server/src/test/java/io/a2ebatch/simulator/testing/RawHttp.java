package io.a2ebatch.simulator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends bytes that no HTTP client library would send — broken request lines, lying Content-Length
 * headers, broken chunks — over a plain socket, closes its sending side (so a short body really ends)
 * and reads the first answer.
 */
public final class RawHttp {

    /** Java class and package names and stack-trace shapes that must never appear in an answer. */
    public static final Pattern JAVA_INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|sun|tools\\.jackson|com\\.fasterxml|com\\.github|org\\.eclipse|wiremock|io\\.a2ebatch)"
                    + "\\.[a-z]|\\b[A-Z]\\w*(Exception|Error|Feature|Constraints)\\b|<html|<h1|\tat ");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawHttp() {
    }

    /** The first answer on the connection. */
    public record Reply(int status, Map<String, String> headers, byte[] body, String raw) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** A header by its lower-case name. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return raw.length() > 600 ? raw.substring(0, 600) + "…" : raw;
        }
    }

    /** Sends {@code request} as ISO-8859-1 bytes (one byte per char). */
    public static Reply send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends {@code request}, ends the sending side and reads until the server closes.
     *
     * @throws AssertionError when no answer arrives within 15 s, or the connection ends without one
     */
    public static Reply send(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may refuse and close before reading everything; its answer is still there.
            }
            byte[] all = readAll(socket.getInputStream());
            return parse(all);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 15 s (the server hangs) to: " + preview(request), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer was sent: what arrived is kept.
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static Reply parse(byte[] all) {
        String raw = new String(all, StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || end < 0) {
            throw new AssertionError("not an HTTP answer: '" + raw + "'");
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int from = end + 4;
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length"))
                : all.length - from;
        byte[] body = new byte[Math.max(0, Math.min(length, all.length - from))];
        System.arraycopy(all, from, body, 0, body.length);
        return new Reply(status, headers, body, raw.substring(0, Math.min(raw.length(), from + body.length)));
    }

    private static String preview(byte[] request) {
        String s = new String(request, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
