package news.enricher.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSerdeTest {

    record Sample(@JsonProperty("a_name") String name, int count, List<String> tags) {
    }

    private final JsonSerde<Sample> samples = JsonSerde.of(Sample.class);
    private final JsonSerde<ObjectNode> objects = JsonSerde.of(ObjectNode.class);

    @Test
    void roundTripsARecordWithSnakeCaseNames() {
        Sample sample = new Sample("Micron", 3, List.of("ai", "chips"));

        byte[] bytes = samples.serialize("t", sample);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"a_name\":\"Micron\",\"count\":3,\"tags\":[\"ai\",\"chips\"]}");
        assertThat(samples.deserialize("t", bytes)).isEqualTo(sample);
    }

    @Test
    void keepsUnknownFieldsAndTheirOrderInAJsonTree() {
        String json = "{\"z\":1,\"slug\":\"s\",\"nested\":{\"x\":[1,2.5,null,true]},\"a\":\"é\"}";

        ObjectNode node = objects.deserialize("t", json.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(objects.serialize("t", node), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void passesTombstonesThroughAsNullBothWays() {
        assertThat(samples.serialize("t", null)).isNull();
        assertThat(samples.deserialize("t", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "{\"slug\": \"truncated",
        "[1, 2, 3]",
        "\"just a string\"",
        "42",
        "null",
        "{\"a\": 1} trailing garbage",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": NaN}",
        ""
    })
    void wrapsEveryBadInputInSerializationException(String bad) {
        assertThatThrownBy(() -> objects.deserialize("raw", bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"title\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> objects.deserialize("raw", latin1)).isInstanceOf(SerializationException.class);
    }

    @Test
    void rejectsAnOverlongSlashThatJacksonAloneWouldDecode() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xC0, (byte) 0xAF, 'y', '"', '}'};

        assertThatThrownBy(() -> objects.deserialize("raw", overlong))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ill-formed UTF-8 (byte 0xC0) at byte offset 7");
    }

    @Test
    void rejectsUtf16JsonThatJacksonWouldAutoDetect() {
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> objects.deserialize("raw", utf16))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("NUL byte at byte offset 1");
    }

    @Test
    void rejectsJsonNestedDeeperThanJacksonAllows() {
        String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);

        assertThatThrownBy(() -> objects.deserialize("raw", deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void rejectsWrongTypesForARecord() {
        byte[] wrong = "{\"a_name\": \"x\", \"count\": \"many\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> samples.deserialize("t", wrong))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Sample");
    }
}
