package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnrichCommandTest {

    private static final EnricherConfig CONFIG = EnricherConfig.defaults();

    @TempDir
    Path dir;

    @Test
    void printsTheFiveThemedCopiesOfTheSeedArticleWithAllFifteenTickers() throws Exception {
        JsonNode seed = Json.MAPPER.readTree(Path.of("src/test/resources/samples/seed-article.json").toFile());
        Path input = dir.resolve("articles.jsonl");
        Files.writeString(input, Json.MAPPER.writeValueAsString(seed) + "\n");

        List<JsonNode> all = run("enrich", "--input", input.toString());

        List<JsonNode> lines = all.subList(0, 5);
        assertThat(lines).extracting(l -> l.get("topic").textValue()).containsExactly(
                CONFIG.themeTopic("ai-chips"), CONFIG.themeTopic("ai-startups"), CONFIG.themeTopic("ai-policy"),
                CONFIG.themeTopic("artificial-intelligence"), CONFIG.themeTopic("ai-safety"));
        // Then the trend counts: each of the 15 tickers in each of the 5 themes, in the hour of published_at.
        List<JsonNode> trends = all.subList(5, all.size());
        assertThat(trends).hasSize(5 * 15).allSatisfy(t -> {
            assertThat(t.get("topic").textValue()).isEqualTo(CONFIG.trendsTopic());
            assertThat(t.get("key").textValue()).endsWith("|2026-06-23T13:00:00Z");
            assertThat(t.get("value").get("articles").intValue()).isEqualTo(1);
        });
        for (JsonNode line : lines) {
            assertThat(line.get("key").textValue()).isEqualTo(seed.get("slug").textValue());
            assertThat(line.get("headers").isObject()).isTrue();
            JsonNode value = line.get("value");
            assertThat(value.get("body_md")).isEqualTo(seed.get("body_md"));
            assertThat(value.get("tickers")).hasSize(15);
            assertThat(value.get("unknown_tickers")).isEmpty();
        }
    }

    @Test
    void printsRecordsInProcessingOrderIncludingDeadLettersAsText() throws Exception {
        Path input = dir.resolve("mixed.jsonl");
        Files.write(input, String.join("\n",
                "{\"slug\":\"a\",\"topics\":[\"beta\",\"alpha\"],\"body_md\":\"https://robinhood.com/stocks/QQQQQ\"}",
                "",
                "this is not json",
                "{\"slug\":\"b\",\"topics\":[\"alpha\"]}").getBytes(StandardCharsets.UTF_8));

        List<JsonNode> lines = run("enrich", "--input", input.toString());

        assertThat(lines).extracting(l -> l.get("topic").textValue()).containsExactly(
                CONFIG.themeTopic("beta"), CONFIG.themeTopic("alpha"), CONFIG.unknownTickersTopic(),
                CONFIG.trendsTopic(), CONFIG.trendsTopic(), CONFIG.deadLetterTopic(), CONFIG.themeTopic("alpha"));
        assertThat(lines.subList(3, 5)).extracting(l -> l.get("key").textValue().replaceAll("\\|[^|]*$", ""))
                .containsExactlyInAnyOrder("beta|QQQQQ", "alpha|QQQQQ");
        JsonNode dead = lines.get(5);
        assertThat(dead.get("key").isNull()).isTrue();
        assertThat(dead.get("value").textValue()).isEqualTo("this is not json");
        assertThat(dead.get("headers").get("__streams.errors.exception").textValue())
                .isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(lines.get(2).get("key").textValue()).isEqualTo("QQQQQ");
    }

    @Test
    void readsTheTickerTableGivenOnTheCommandLine() throws Exception {
        Path tickers = dir.resolve("tickers.csv");
        Files.writeString(tickers, "symbol,name,exchange,sector,industry,country,asset_class\n"
                + "QQQQQ,Quux Corp,NYSE,Technology,Software,United States,equity\n");
        Path input = dir.resolve("one.jsonl");
        Files.writeString(input, "{\"slug\":\"a\",\"body_md\":\"[Quux](https://robinhood.com/stocks/QQQQQ)\"}\n");

        List<JsonNode> lines = run("enrich", "--input", input.toString(), "--tickers", tickers.toString());

        assertThat(lines).extracting(l -> l.get("topic").textValue())
                .containsExactly(CONFIG.themeTopic(CONFIG.fallbackTheme()), CONFIG.trendsTopic());
        assertThat(lines.get(1).get("value").get("known").booleanValue()).isTrue();
        assertThat(lines.get(0).get("value").get("tickers").get(0).get("name").textValue()).isEqualTo("Quux Corp");
    }

    private static List<JsonNode> run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(args);
        assertThat(exit).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }
}
