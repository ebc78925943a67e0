package io.a2ebatch.benchmarks.startup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The start-up baseline: the least a Java program does to send one A2E start request — read the token
 * file, build the JDK's HTTP client, POST one body, print the status. No framework, no database, no
 * manifest. The start-up measurement runs it from a directory holding this one class, with the JVM's
 * default options, so its time to the first request is what the JVM and the JDK's HTTP client cost.
 *
 * <pre>
 * java -cp DIR io.a2ebatch.benchmarks.startup.FirstRequestBaseline START_URL TOKEN_FILE BODY_JSON
 * </pre>
 *
 * Exit status 0 when the request was answered 200, 1 otherwise.
 */
public final class FirstRequestBaseline {

    private FirstRequestBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FirstRequestBaseline START_URL TOKEN_FILE BODY_JSON");
            System.exit(2);
        }
        String token = Files.readString(Path.of(args[1])).strip();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(args[2]))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.exit(response.statusCode() == 200 ? 0 : 1);
    }
}
