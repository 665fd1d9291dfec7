package news.enricher.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonInputTest {

    @Test
    void decodesAStringAtAnOpeningQuoteEscapesIncluded() {
        byte[] json = "{\"a\":\"plain é text that is longer than eight\",\"b\":\"with \\\" escape\",\"c\":\"\"}"
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(JsonInput.string(json, 5)).isEqualTo("plain é text that is longer than eight");
        assertThat(JsonInput.string(json, text.indexOf("\"with") + 1)).isEqualTo("with \" escape");
        assertThat(JsonInput.string(json, json.length - 3)).isEmpty();
    }

    @Test
    void leavesToTheParserWhatIsNoStringOrNotOneItVouchesFor() {
        assertThat(JsonInput.string(bytes("{\"a\":1}"), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"a\""), -1)).isNull();
        assertThat(JsonInput.string(bytes("\"unterminated"), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"unterminated escape\\"), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"bad \\x escape\""), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"bad \\u12G4 escape\""), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"short \\u12\""), 0)).isNull();
        assertThat(JsonInput.string(bytes("\"raw\ttab in a long enough string\""), 0)).isNull();
    }

    @Test
    void decodesEveryEscapeAndEveryUtf8LengthAsTheParserDoes() throws IOException {
        String[] cases = {
            "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
            "\"\\u0041\\u00e9\\u00E9\\u20AC\\ud83d\\ude00 lone \\uD800 end\"",
            "\"latin-1 \u00e9\u00ff then wide \u20ac then astral \ud83d\ude00\"",
            "\"escaped \\n then latin-1 \u00e9 only, long enough to take whole words: abcdefghijklmnop\"",
            "\"\\u00ff\"",
            "\"\"",
        };
        for (String json : cases) {
            assertThat(JsonInput.string(bytes(json), 0)).as(json).isEqualTo(parsed(bytes(json)));
        }
    }

    /** Random strings of every kind of char, written raw or escaped, decode as the parser decodes them. */
    @Test
    void agreesWithTheParserOnRandomStrings() throws IOException {
        Random random = new Random(20261203);
        String[] pieces = {"a", "Z", "0", " ", "~", "\u007f", "é", "ÿ", "\u0100", "€", "“", "😀", "\\n", "\\t",
            "\\\"", "\\\\", "\\/", "\\u0000", "\\u001f", "\\u00e9", "\\u00FF", "\\u0100", "\\uD83D\\uDE00",
            "\\udc00", "robinhood.com/stocks/MU", "[Micron](https://robinhood.com/us/en/stocks/MU/)"};
        for (int run = 0; run < 2000; run++) {
            StringBuilder json = new StringBuilder("\"");
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                // Runs of plain ASCII exercise the eight-byte path, single pieces every boundary around it.
                json.append(random.nextInt(4) == 0 ? "plain ascii run " : pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = bytes(json.append('"').toString());

            assertThat(JsonInput.string(bytes, 0)).as(json.toString()).isEqualTo(parsed(bytes));
        }
    }

    private static String parsed(byte[] json) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            return p.getText();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
