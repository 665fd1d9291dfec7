package news.enricher.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629), for bytes that are about to be parsed as JSON.
 *
 * <p>Jackson's byte parser decodes well-formed sequences fast but does not reject every ill-formed one: it reads the
 * overlong form {@code C0 AF} as {@code /} and encoded surrogates ({@code ED A0 80}) as characters. An overlong
 * {@code /} or {@code "} lets text past a byte-level filter that the parsed document then contains, so such input
 * must be refused before parsing. NUL is refused too: it is never valid in JSON text, and refusing it keeps
 * Jackson from guessing UTF-16 or UTF-32 from the zero bytes.
 */
public final class Utf8 {

    static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private Utf8() {
    }

    /** Whether any of the eight bytes of {@code word} is zero (it may also say so for a byte after a zero one). */
    static boolean hasZeroByte(long word) {
        return ((word - LOW_BITS) & ~word & HIGH_BITS) != 0;
    }

    /** Index of the first byte that does not start a well-formed sequence, or -1 when all of {@code bytes} is. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            // Eight ASCII bytes at a time, none of them NUL: the bulk of any article, at a fraction of the cost.
            while (i + 8 <= n) {
                long word = (long) LONGS.get(bytes, i);
                if ((word & HIGH_BITS) != 0 || hasZeroByte(word)) {
                    break;
                }
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b > 0) { // ASCII other than NUL, the bulk of any article
                i++;
                continue;
            }
            if (b == 0) {
                return i;
            }
            int lead = b & 0xFF;
            int length;
            int min; // bounds of the second byte, which is where overlongs, surrogates and > U+10FFFF show
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i; // a continuation byte, C0/C1 (always overlong) or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
