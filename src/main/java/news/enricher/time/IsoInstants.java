package news.enricher.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Millisecond instants in the ISO-8601 UTC form of {@link Instant#toString()} ({@code 2026-06-23T13:00:00Z},
 * {@code 2026-06-23T13:00:00.250Z}), written and read without {@code java.time}'s formatter. Every trend count
 * carries three of them, and the formatter's printing and parsing were about a tenth of the stream thread's samples
 * with trends on. Anything outside the years 0000-9999 or not in exactly this form goes through {@link Instant}, so
 * the results are always {@link Instant}'s.
 */
public final class IsoInstants {

    private IsoInstants() {
    }

    /** The same text as {@code Instant.ofEpochMilli(epochMs).toString()}. */
    public static String format(long epochMs) {
        return format(Math.floorDiv(epochMs, 1000), (int) Math.floorMod(epochMs, 1000) * 1_000_000);
    }

    /**
     * The same text as {@code instant.toString()}: the fraction in as many groups of three digits as it needs. Every
     * enriched copy and sighting carries one, and {@code toString()}'s formatter was still being compiled by the JIT
     * well into a benchmark's measured phase.
     */
    public static String format(Instant instant) {
        return format(instant.getEpochSecond(), instant.getNano());
    }

    private static String format(long seconds, int nanos) {
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochSecond(seconds, nanos).toString();
        }
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        char[] c = new char[fraction == 0 ? 20 : 21 + fraction];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            c[19] = '.';
            put(c, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1000 : nanos, fraction);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    /** The epoch milliseconds of an ISO-8601 instant, as {@code Instant.parse(text).toEpochMilli()} gives them. */
    public static long parseMillis(String text) {
        int n = text.length();
        if ((n == 20 || n == 24) && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.')) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int millis = n == 24 ? digits(text, 20, 3) : 0;
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millis >= 0) {
                // Days 29-31 go the long way, where the month's length is checked.
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                return ((epochDay * 86_400 + hour * 3600L + minute * 60L + second) * 1000) + millis;
            }
        }
        return Instant.parse(text).toEpochMilli();
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The non-negative number written by {@code length} ASCII digits at {@code from}, or -1. */
    public static int digits(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }
}
