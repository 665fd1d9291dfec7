package news.enricher.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    @Test
    void formatsEveryInstantAsInstantDoes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, -1, 1, 999, 1000, -1000, 1_782_219_600_000L, 253_402_300_799_999L, 253_402_300_800_000L,
                -62_167_219_200_000L, -62_167_219_200_001L, Long.MAX_VALUE / 1_000_000, 951_782_400_000L};
        for (long ms : edges) {
            assertThat(IsoInstants.format(ms)).as("%d", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
        }
        for (int i = 0; i < 200_000; i++) {
            long ms = random.nextLong(-70_000_000_000_000L, 270_000_000_000_000L);
            if (i % 3 == 0) {
                ms -= Math.floorMod(ms, 1000); // whole seconds, as window starts are
            }
            assertThat(IsoInstants.format(ms)).as("%d", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
        }
    }

    /** The clock's instants carry micro- or nanoseconds: the fraction takes three, six or nine digits as needed. */
    @Test
    void formatsInstantsWithAnyFractionAsInstantDoes() {
        SplittableRandom random = new SplittableRandom(11);
        int[] nanos = {0, 1, 999, 1000, 250_000_000, 123_456_000, 123_456_789, 999_999_999, 1_000_000, 10_000};
        for (int n : nanos) {
            Instant instant = Instant.ofEpochSecond(1_782_219_600L, n);
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
        for (int i = 0; i < 200_000; i++) {
            int n = random.nextInt(1_000_000_000);
            n -= switch (i % 4) {
                case 0 -> n % 1_000_000;
                case 1 -> n % 1000;
                default -> 0;
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 270_000_000_000L), n);
            assertThat(IsoInstants.format(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void readsBackWhatItWritesAndWhatInstantReads() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            long ms = random.nextLong(-70_000_000_000_000L, 270_000_000_000_000L);
            assertThat(IsoInstants.parseMillis(IsoInstants.format(ms))).isEqualTo(ms);
        }
        for (String text : new String[] {"2026-06-23T13:00:00Z", "2024-02-29T23:59:59.999Z", "2026-06-23T13:00:00.5Z",
                "2026-06-23T13:00:00.123456Z", "2026-06-23T13:00:00+02:00", "+12026-01-01T00:00:00Z"}) {
            assertThat(IsoInstants.parseMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
    }

    @Test
    void readsOddInputAsInstantDoesOrRefusesItAsInstantDoes() {
        for (String text : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-06-23T24:00:00Z",
                "2026-06-23T23:59:60Z", "2026-06-23 13:00:00Z", "2026-06-23T13:00:00", "2026-0a-23T13:00:00Z",
                "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", ""}) {
            Long expected;
            try {
                expected = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> IsoInstants.parseMillis(text)).as(text)
                        .isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(IsoInstants.parseMillis(text)).as(text).isEqualTo(expected);
            }
        }
        assertThatThrownBy(() -> IsoInstants.parseMillis("2026-02-30T00:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
