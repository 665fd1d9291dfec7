package news.enricher.schema;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.json.Json;
import news.enricher.ops.EnricherMetrics;
import news.enricher.ops.OpsServer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaEndpointTest {

    private final EnricherMetrics metrics = new EnricherMetrics();
    private final OpsServer server = SchemaEndpoint.register(
            new OpsServer("127.0.0.1", 0, () -> KafkaStreams.State.RUNNING, metrics)).start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void servesEachPublishedSchemaAsShipped(PublishedSchema schema) throws Exception {
        HttpResponse<byte[]> response = http.send(request("/schemas/" + schema.fileName()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/schema+json");
        assertThat(response.body()).isEqualTo(schema.bytes());
    }

    @Test
    void listsThePublishedSchemas() throws Exception {
        HttpResponse<String> response = http.send(request("/schemas/").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).forEach(n -> listed.add(n.textValue()));
        assertThat(listed).containsExactlyElementsOf(Arrays.stream(PublishedSchema.values())
                .map(s -> "/schemas/" + s.fileName()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/schemas/nope.json", "/schemas/enriched-event", "/schemas/enriched-event.json/",
        "/schemas/ENRICHED-EVENT.JSON", "/schemas/%2e%2e/simplelogger.properties",
        "/schemas/..%2fsimplelogger.properties", "/schemas/%2E%2E%2Fsamples%2Farticles.jsonl"})
    void answers404ForAnyOtherName(String path) throws Exception {
        assertThat(http.send(request(path).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void answers404ForADotDotPathSentAsIs() throws Exception {
        // java.net.http would normalise the path; a raw request sends it as an attacker would.
        String response = rawGet("/schemas/../samples/articles.jsonl");

        assertThat(response).startsWith("HTTP/1.1 404");
    }

    @Test
    void refusesWritingMethods() throws Exception {
        HttpResponse<Void> response = http.send(request("/schemas/trend.json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void keepsTheOtherEndpoints() throws Exception {
        HttpResponse<String> health = http.send(request("/health").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode status = Json.MAPPER.readTree(health.body());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(status.get("status").textValue()).isEqualTo("RUNNING");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
