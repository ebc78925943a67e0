import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up baseline issue 10 states its target against: a minimal Java HttpClient script, launched as a
 * single-file source program ({@code java FirstRequestScript.java ...}, the JVM's defaults, compiled in
 * memory at every launch) as someone would hand-roll one. It reads the token file and the manifest's first
 * row, turns the row's non-empty cells into the start request's JSON body (the key as the task name; cells
 * that read as numbers or booleans unquoted) and POSTs it with the JDK's HTTP client. No validation, no
 * ledger, no retry: the least a script does before its first start request.
 *
 * <pre>
 * java FirstRequestScript.java START_URL TOKEN_FILE MANIFEST_CSV
 * </pre>
 *
 * Exit status 0 when the request was answered 200, 1 otherwise. Not compiled by the build: the start-up
 * benchmark copies it out of the benchmarks jar and launches the source file.
 */
public class FirstRequestScript {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java FirstRequestScript.java START_URL TOKEN_FILE MANIFEST_CSV");
            System.exit(2);
        }
        String token = Files.readString(Path.of(args[1])).strip();
        List<String> header;
        List<String> row;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
            header = cells(in.readLine());
            row = cells(in.readLine());
        }
        StringBuilder body = new StringBuilder("{\"name\":").append(quoted(row.get(header.indexOf("key"))));
        for (int i = 0; i < header.size() && i < row.size(); i++) {
            String column = header.get(i);
            String value = row.get(i);
            if (value.isEmpty() || column.equals("key") || column.equals("type")) {
                continue;
            }
            boolean literal = value.matches("-?\\d+(\\.\\d+)?|true|false");
            body.append(',').append(quoted(column)).append(':').append(literal ? value : quoted(value));
        }
        body.append('}');
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() == 200 ? 0 : 1);
    }

    /** The cells of one CSV line: commas separate, double quotes enclose, two double quotes are one. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
