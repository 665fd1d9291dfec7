package news.enricher.article;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @Test
    void readsTheCommonFormsExactlyAsJavaTimeDoes() {
        Random random = new Random(11);
        List<String> offsets = List.of("", "Z", "+00:00", "+02:00", "-05:30", "+14:00", "-12:00");
        for (int n = 0; n < 20_000; n++) {
            long second = 946_684_800L + (long) (random.nextDouble() * 3_000_000_000L);
            LocalDateTime local = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            StringBuilder text = new StringBuilder(local.toLocalDate().toString())
                    .append(random.nextBoolean() ? 'T' : ' ')
                    .append(String.format("%02d:%02d:%02d", local.getHour(), local.getMinute(), local.getSecond()));
            int fraction = random.nextInt(10);
            if (fraction > 0) {
                text.append('.');
                for (int k = 0; k < fraction; k++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append(offsets.get(random.nextInt(offsets.size())));

            assertThat(Timestamps.parseCommonForm(text.toString())).as(text.toString()).isEqualTo(javaTime(text.toString()));
        }
    }

    @Test
    void leavesEveryOtherFormToJavaTimeAndRejectsImpossibleDates() {
        for (String other : List.of("2026-06-24T00:45Z", "2026-06-24T00:45:40+0200", "2026-06-24T00:45:40+02",
                "2026-06-24T00:45:40.1234567890Z", "2026-06-24t00:45:40Z", "2026-06-24T00:45:40 Z")) {
            assertThat(Timestamps.parseCommonForm(other)).as(other).isNull();
        }
        for (String impossible : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-06-24T24:00:00Z",
                "2026-06-24T00:60:00Z", "2026-06-24T00:00:60Z", "2026-06-24T00:00:00+19:00")) {
            assertThat(Timestamps.parseCommonForm(impossible)).as(impossible).isNull();
            assertThat(Timestamps.parse(impossible)).as(impossible).isEmpty();
        }
        assertThat(Timestamps.parse("2026-06-24T00:45Z")).contains(Instant.parse("2026-06-24T00:45:00Z"));
    }

    private static Instant javaTime(String text) {
        String t = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }
}
