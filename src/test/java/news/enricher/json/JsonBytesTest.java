package news.enricher.json;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest {

    /**
     * The project's mapper, except that it writes a character outside the BMP as its four UTF-8 bytes: by default
     * Jackson writes it as a pair of escaped surrogates, which is valid JSON too but six times longer.
     */
    private static final ObjectWriter MAPPER_WITH_UTF8_SUPPLEMENTARY =
            Json.MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    @Test
    void writesEveryStringAsTheProjectsMapperDoesButSupplementaryCharactersAsUtf8() throws Exception {
        Random random = new Random(7);
        JsonBytes out = new JsonBytes(4);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            while (s.length() < length) {
                int kind = random.nextInt(5);
                if (kind == 0) {
                    s.append((char) random.nextInt(0x80)); // ASCII, controls and quotes included
                } else if (kind == 1) {
                    s.append((char) (0x80 + random.nextInt(0x780)));
                } else if (kind == 2) {
                    s.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
                } else if (kind == 3) {
                    s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                } else {
                    s.append("\\\"/\n\t\u2028");
                }
            }
            String value = s.toString();

            out.reset().string(value);

            assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as(value)
                    .isEqualTo(new String(MAPPER_WITH_UTF8_SUPPLEMENTARY.writeValueAsBytes(value),
                            StandardCharsets.UTF_8));
            assertThat(Json.MAPPER.readValue(out.toByteArray(), String.class)).isEqualTo(value);
        }
    }

    @Test
    void escapesALoneSurrogateSoTheTextStaysValidUtf8() throws Exception {
        byte[] written = new JsonBytes(4).string("a\ud800b\udc00").toByteArray();

        assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("\"a\\uD800b\\uDC00\"");
        assertThat(Utf8.firstInvalid(written)).isEqualTo(-1);
        assertThat(Json.MAPPER.readValue(written, String.class)).isEqualTo("a\ud800b\udc00");
    }

    @Test
    void writesNullNumbersAndRawPiecesInOrder() {
        byte[] written = new JsonBytes(2).ascii("{\"a\":").string(null).raw((byte) ',')
                .ascii("\"b\":").number(-42).raw(",\"c\":[]}".getBytes(StandardCharsets.UTF_8)).toByteArray();

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"a\":null,\"b\":-42,\"c\":[]}");
    }
}
