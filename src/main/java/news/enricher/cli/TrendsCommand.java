package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.Callable;

@Command(name = "trends", mixinStandardHelpOptions = true,
        description = {"Prints the top tickers of a theme in a window, from a running enricher's /trends/top, with "
                + "their articles over the last 24 windows. --watch prints it again every --interval until Ctrl-C."})
final class TrendsCommand implements Callable<Integer> {

    @Option(names = "--theme", required = true, paramLabel = "THEME", description = "The theme, e.g. ai-chips.")
    String theme;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The enricher's HTTP address (enricher.http.*; default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--window", paramLabel = "START", defaultValue = "current",
            description = "'current' (the latest window with counts) or a window's ISO-8601 start.")
    String window;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--watch", description = "Print again every --interval, until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "How often --watch prints (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI request = url.resolve("/trends/top?theme=" + encode(theme) + "&window=" + encode(window)
                + "&limit=" + limit + "&history=24");
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(request)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = Json.MAPPER.readTree(response.body());
                if (response.statusCode() != 200) {
                    err.println("trends: " + response.statusCode() + " " + body.path("error").asText(response.body()));
                    err.flush();
                    if (response.statusCode() == 400 || !watch) {
                        return response.statusCode() == 400 ? 2 : 1;
                    }
                } else {
                    if (watch) {
                        out.println("— " + LocalTime.now().withNano(0) + " —");
                    }
                    out.print(TrendsTable.render(body));
                    out.flush();
                }
            } catch (IOException e) {
                err.println("trends: cannot read " + request + ": " + e.getMessage());
                err.flush();
                if (!watch) {
                    return 1;
                }
            }
            if (!watch) {
                return 0;
            }
            Thread.sleep(interval.toMillis()); // the pace of a terminal refresh, not synchronisation
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
