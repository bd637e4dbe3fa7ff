package io.robustpose.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Options and HTTP calls shared by the commands that talk to the orchestrator. */
final class ApiClient {
    @Option(names = "--url", description = "orchestrator URL (env ROBUSTPOSE_URL, default http://localhost:8080)")
    String url = System.getenv().getOrDefault("ROBUSTPOSE_URL", "http://localhost:8080");

    @Option(names = "--token", description = "API bearer token (env ROBUSTPOSE_API_TOKEN)")
    String token = System.getenv("ROBUSTPOSE_API_TOKEN");

    // created on first use: a client's selector thread sits in native code, and the JVM's exit waits up to 300 ms for
    // such threads — every command that mixes these options in but never calls (--help, bad input) paid that
    private HttpClient http;

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http().send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String contentType) throws IOException, InterruptedException {
        return http().send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Prints the body on stdout for 2xx, or the error on stderr; returns the exit code. */
    static int print(HttpResponse<String> r) {
        if (r.statusCode() / 100 == 2) {
            System.out.println(r.body());
            return 0;
        }
        System.err.println("HTTP " + r.statusCode() + ": " + r.body());
        return r.statusCode() == 400 ? 2 : 1;
    }
}
