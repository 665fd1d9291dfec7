package news.enricher.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonInputTest {

    @Test
    void decodesOnlyAPlainStringAtAnOpeningQuote() {
        byte[] json = "{\"a\":\"plain é text that is longer than eight\",\"b\":\"with \\\" escape\",\"c\":\"\"}"
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(JsonInput.plainString(json, 5)).isEqualTo("plain é text that is longer than eight");
        assertThat(JsonInput.plainString(json, text.indexOf("\"with") + 1)).isNull();
        assertThat(JsonInput.plainString(json, json.length - 3)).isEmpty();
        assertThat(JsonInput.plainString(json, 0)).isNull();
        assertThat(JsonInput.plainString(json, -1)).isNull();
        assertThat(JsonInput.plainString("\"unterminated".getBytes(StandardCharsets.UTF_8), 0)).isNull();
    }
}
