package news.enricher.topology;

import news.enricher.json.JsonSerde;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceRowSerdeTest {

    private static final TickerRow MU = new TickerRow("MU", "Micron Technology", "NASDAQ", "Technology",
            "Semiconductors", "United States", "equity");

    @Test
    void readsWhatTheJsonSerdeReadsAndRemembersItByBytes() {
        ReferenceRowSerde serde = new ReferenceRowSerde();
        byte[] bytes = serde.serializer().serialize("t", MU);
        assertThat(bytes).isEqualTo(JsonSerde.of(TickerRow.class).serialize("t", MU));
        TickerRow first = serde.deserialize("t", bytes);
        assertThat(first).isEqualTo(MU);
        assertThat(serde.deserialize("t", bytes.clone())).isSameAs(first);
        assertThat(serde.size()).isEqualTo(1);
    }

    @Test
    void anUpsertIsNewBytesAndReadAsSuch() {
        ReferenceRowSerde serde = new ReferenceRowSerde();
        byte[] before = serde.serializer().serialize("t", MU);
        TickerRow renamed = new TickerRow("MU", "Micron", "NASDAQ", null, null, null, "equity");
        serde.deserialize("t", before);
        assertThat(serde.deserialize("t", serde.serializer().serialize("t", renamed))).isEqualTo(renamed);
        assertThat(serde.deserialize("t", before)).isEqualTo(MU);
    }

    @Test
    void theRememberedKeyIsACopyOfTheCallersArray() {
        ReferenceRowSerde serde = new ReferenceRowSerde();
        byte[] bytes = serde.serializer().serialize("t", MU);
        serde.deserialize("t", bytes);
        byte[] reused = bytes.clone();
        bytes[bytes.length - 2] = 'X'; // the caller reuses its array for something else
        assertThat(serde.deserialize("t", reused)).isEqualTo(MU);
    }

    @Test
    void nullsAndBrokenJsonAreNotRemembered() {
        ReferenceRowSerde serde = new ReferenceRowSerde();
        assertThat(serde.deserialize("t", null)).isNull();
        byte[] broken = "{\"symbol\":".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserialize("t", broken)).isInstanceOf(SerializationException.class);
        assertThat(serde.size()).isZero();
    }

    @Test
    void startsOverPastTheBound() {
        ReferenceRowSerde serde = new ReferenceRowSerde();
        for (int i = 0; i <= ReferenceRowSerde.MAX_ROWS; i++) {
            serde.deserialize("t", serde.serializer().serialize("t",
                    new TickerRow("S" + i, null, null, null, null, null, "equity")));
        }
        assertThat(serde.size()).isEqualTo(1);
    }
}
