package news.enricher.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonInputTest {

    @Test
    void decodesAStringAtAnOpeningQuoteAsTheParserDoes() throws Exception {
        String[] values = {
            "", "plain é text that is longer than eight", "with \" quote", "back\\slash\\", "lines\nand\ttabs\r",
            "\b\f", "control \u0001 \u001f", "emoji 😀 and \u2028", "ends with escape\n", "\\\"", "ünïcödé ∑ 中文"};
        for (String value : values) {
            byte[] json = Json.MAPPER.writeValueAsBytes(value);
            assertThat(JsonInput.string(json, 0)).as(value).isEqualTo(value);
        }
        // Escapes the parser reads but no writer here produces: a solidus, \\u escapes of any character.
        assertThat(decode("\"a\\/b \\u00e9\\u00E9 \\ud83d\\ude00\"")).isEqualTo("a/b éé 😀");
    }

    @Test
    void decodesRandomStringsAsTheParserDoes() throws Exception {
        Random random = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(5);
                value.append(switch (kind) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> "\"\\/".charAt(random.nextInt(3));
                    case 2 -> (char) (0x80 + random.nextInt(0x700));
                    case 3 -> "😀";
                    default -> (char) (0x20 + random.nextInt(0x5f));
                });
            }
            byte[] json = ("{\"k\":" + Json.MAPPER.writeValueAsString(value.toString()) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            JsonNode parsed = Json.MAPPER.readTree(json);
            assertThat(JsonInput.string(json, 5)).isEqualTo(parsed.get("k").asText());
        }
    }

    @Test
    void leavesToTheParserWhatIsNotAWellFormedStringOrNotAtAQuote() {
        byte[] json = bytes("{\"a\":\"x\"}");
        assertThat(JsonInput.string(json, 0)).isNull();
        assertThat(JsonInput.string(json, -1)).isNull();
        assertThat(JsonInput.string(json, json.length)).isNull();
        assertThat(decode("\"unterminated")).isNull();
        assertThat(decode("\"unterminated escape \\")).isNull();
        assertThat(decode("\"unknown \\x escape\"")).isNull();
        assertThat(decode("\"bad \\u12G4 digits\"")).isNull();
        assertThat(decode("\"short \\u12\"")).isNull();
    }

    private static String decode(String json) {
        return JsonInput.string(bytes(json), 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
