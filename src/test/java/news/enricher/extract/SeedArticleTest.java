package news.enricher.extract;

import static news.enricher.extract.Mentions.equity;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The real sample article: fifteen inline links in one paragraph of the body, none in title or summary. */
class SeedArticleTest {

    @Test
    void extractsTheFifteenLinkedTickersInOrder() throws IOException {
        JsonNode article;
        try (InputStream in = getClass().getResourceAsStream("/samples/seed-article.json")) {
            assertThat(in).as("test resource samples/seed-article.json").isNotNull();
            article = new ObjectMapper().readTree(in);
        }

        assertThat(new TickerExtractor().extract(
                article.path("title").asText(null),
                article.path("summary").asText(null),
                article.path("body_md").asText(null)))
                .containsExactly(
                        equity("SNDK", 1, "Sandisk"),
                        equity("CRDO", 1, "Credo Technology Group"),
                        equity("LRCX", 1, "Lam Research"),
                        equity("AXTI", 1, "AXT"),
                        equity("MU", 1, "Micron"),
                        equity("GLW", 1, "Corning"),
                        equity("AAOI", 1, "Applied Optoelectronics"),
                        equity("WDC", 1, "Western Digital"),
                        equity("MRVL", 1, "Marvell Technology"),
                        equity("ARM", 1, "Arm Holdings"),
                        equity("COHR", 1, "Coherent"),
                        equity("ASML", 1, "ASML"),
                        equity("ANET", 1, "Arista Networks"),
                        equity("ALAB", 1, "Astera Labs"),
                        equity("STX", 1, "Seagate Technology Holdings"));
    }
}
