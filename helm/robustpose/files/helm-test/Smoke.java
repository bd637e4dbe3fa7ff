// robustpose's `helm test`: run by the orchestrator image's JVM as a single-file program (java Smoke.java).
// Checks, against the release's orchestrator: readiness (broker reachable, state restored), the API refusing a
// request without the token, listing, a bad spec refused naming its field; then, when an experiment spec is
// mounted (helmTest.experiment), submits it and waits until it succeeds. Exit 0 = passed; anything else = failed.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Smoke {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String url;
    static String token;

    public static void main(String[] args) throws Exception {
        url = System.getenv("ROBUSTPOSE_URL").replaceAll("/$", "");
        token = System.getenv("ROBUSTPOSE_API_TOKEN");
        expect(send("GET", "/q/health/ready", null, false), 200, "readiness");
        if (token != null && !token.isBlank()) {
            expect(send("GET", "/experiments", null, false), 401, "the API without the token");
        }
        expect(send("GET", "/experiments?limit=1", null, true), 200, "listing experiments");
        HttpResponse<String> bad = send("POST", "/experiments", "name: helm-test\ndataset: {format: posetrack}\n", true);
        expect(bad, 400, "a bad spec");
        if (!bad.body().contains("dataset.format")) {
            fail("a bad spec was refused without naming dataset.format: " + bad.body());
        }
        String experiment = System.getenv().getOrDefault("ROBUSTPOSE_TEST_EXPERIMENT", "/helm-test/experiment.yaml");
        if (Files.isRegularFile(Path.of(experiment))) {
            HttpResponse<String> submitted = send("POST", "/experiments", Files.readString(Path.of(experiment)), true);
            expect(submitted, 201, "submitting " + experiment);
            String id = field(submitted.body(), "id");
            long timeout = Long.parseLong(System.getenv().getOrDefault("ROBUSTPOSE_TEST_TIMEOUT_SECONDS", "1800"));
            long deadline = System.nanoTime() + timeout * 1_000_000_000L;
            String state = "?";
            while (System.nanoTime() < deadline) {
                HttpResponse<String> s = send("GET", "/experiments/" + id, null, true);
                expect(s, 200, "status of " + id);
                state = field(s.body(), "state");
                if (!state.equals("RUNNING")) {
                    break;
                }
                Thread.sleep(2000);
            }
            if (!state.equals("SUCCEEDED")) {
                fail("experiment " + id + " ended " + state + " (or did not end within " + timeout + " s)");
            }
            System.out.println("experiment " + id + " succeeded");
        }
        System.out.println("robustpose helm test: passed");
    }

    static HttpResponse<String> send(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/yaml");
        }
        if (withToken && token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            fail(what + ": HTTP " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
    }

    /** A top-level string field of a JSON object (the API's answers are flat where this reads them). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            fail("no '" + name + "' in " + json);
        }
        return m.group(1);
    }

    static void fail(String message) {
        System.err.println("robustpose helm test: FAILED: " + message);
        System.exit(1);
    }
}
