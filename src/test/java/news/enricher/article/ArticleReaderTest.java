package news.enricher.article;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text fields decoded straight from the bytes must be exactly what the parser would have decoded. */
class ArticleReaderTest {

    private static final String[] PIECES = {"a", "Micron", " ", "é", "€", "𝄞", "\\n", "\\\"", "\\\\", "\\u00e9",
            "\\/", "\\ud834\\udd1e", "\"", "[MU](https://robinhood.com/us/en/stocks/MU/)", "12345678", "\t"};

    @Test
    void readsEveryTextFieldAsTheParserDoesWithAndWithoutEscapes() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 3_000; round++) {
            String title = text(random);
            String summary = text(random);
            String body = text(random);
            String space = random.nextBoolean() ? "" : " \n ";
            String json = "{\"slug\":" + space + "\"s" + round + "\",\"title\":" + space + title + ",\"summary\":"
                    + summary + ", \"body_md\" :" + space + body + "}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = Json.MAPPER.readTree(bytes);

            Article article = ArticleReader.UNLIMITED.read(bytes);

            assertThat(article.title()).as(json).isEqualTo(tree.get("title").textValue());
            assertThat(article.summary()).as(json).isEqualTo(tree.get("summary").textValue());
            assertThat(article.bodyMd()).as(json).isEqualTo(tree.get("body_md").textValue());
            assertThat(article.id()).isEqualTo("s" + round);
        }
    }

    @Test
    void stillRefusesARawControlCharacterInAPlainString() {
        byte[] json = "{\"slug\":\"s\",\"body_md\":\"line\u0001break\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ArticleReader.UNLIMITED.read(json)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Illegal unquoted character");
    }

    /** A JSON string literal of random pieces, some of which are escapes; raw tabs only where the parser allows. */
    private static String text(SplittableRandom random) {
        StringBuilder s = new StringBuilder("\"");
        int pieces = random.nextInt(0, 30);
        for (int i = 0; i < pieces; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            s.append(piece.equals("\"") ? "\\\"" : piece.equals("\t") ? "\\t" : piece);
        }
        return s.append('"').toString();
    }
}
