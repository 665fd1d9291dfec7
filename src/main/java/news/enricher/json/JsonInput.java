package news.enricher.json;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;

/**
 * The checks every JSON input passes before a parser sees it, shared by the tree serde and the streaming article
 * reader so that both refuse the same bytes with the same reason.
 */
public final class JsonInput {

    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private JsonInput() {
    }

    /**
     * Refuses input longer than {@code maxBytes} (a topic's {@code max.message.bytes} bounds a compressed batch, not
     * the records in it) and input that is not strict UTF-8 ({@link Utf8}).
     *
     * @param what how the expected value is named in the reason, e.g. "JSON object"
     */
    public static void check(byte[] data, int maxBytes, String what) {
        if (data.length > maxBytes) {
            throw new SerializationException("Not a valid " + what + ": " + data.length
                    + " bytes, over the limit of " + maxBytes + " bytes");
        }
        int invalid = Utf8.firstInvalid(data);
        if (invalid >= 0) {
            throw new SerializationException("Not a valid " + what + " (" + data.length + " bytes): "
                    + (data[invalid] == 0 ? "NUL byte" : String.format("ill-formed UTF-8 (byte 0x%02X)",
                    data[invalid] & 0xFF)) + " at byte offset " + invalid + "; JSON must be UTF-8 text");
        }
    }

    /**
     * The text of the JSON string whose opening quote is at {@code quote}, decoded straight from the input, escapes
     * included; null when there is no string there or it holds anything this decoder does not vouch for (a raw
     * control character, an unknown escape, no closing quote), so that the parser decodes it or reports why not.
     * Only for input that passed {@link #check}: the UTF-8 is known to be well-formed.
     *
     * <p>Why not the parser's text: it decodes into a UTF-16 buffer and then compresses that into the string; most
     * article text is Latin-1, which this writes once, eight bytes at a time. The parser must still read or skip the
     * value, so what it refuses still fails.
     */
    public static String string(byte[] json, int quote) {
        if (quote < 0 || quote >= json.length || json[quote] != '"') {
            return null;
        }
        // Pass 1: where the string ends, how many chars it holds, and whether any is above U+00FF.
        int n = json.length;
        int chars = 0;
        boolean wide = false;
        boolean plain = true;
        int i = quote + 1;
        while (true) {
            while (i + 8 <= n && isPlain((long) Utf8.LONGS.get(json, i))) {
                i += 8;
                chars += 8;
            }
            if (i >= n) {
                return null;
            }
            int b = json[i];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                plain = false;
                int c = escaped(json, i);
                if (c < 0) {
                    return null;
                }
                wide |= c > 0xFF;
                i += json[i + 1] == 'u' ? 6 : 2;
                chars++;
            } else if (b >= 0x20) {
                i++;
                chars++;
            } else if (b >= 0) {
                return null; // a raw control character: the parser's to refuse
            } else {
                plain = false;
                int lead = b & 0xFF;
                int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                wide |= lead > 0xC3;
                chars += length == 4 ? 2 : 1;
                i += length;
            }
        }
        int end = i;
        if (plain) {
            return new String(json, quote + 1, end - quote - 1, StandardCharsets.ISO_8859_1);
        }
        return wide ? utf16(json, quote + 1, end, chars) : latin1(json, quote + 1, end, chars);
    }

    /** Pass 2 when every char fits a byte: plain runs are copied eight bytes at a time. */
    private static String latin1(byte[] json, int from, int end, int chars) {
        byte[] out = new byte[chars];
        int o = 0;
        int i = from;
        while (i < end) {
            if (i + 8 <= end && o + 8 <= chars) {
                long word = (long) Utf8.LONGS.get(json, i);
                if (isPlain(word)) {
                    Utf8.LONGS.set(out, o, word);
                    i += 8;
                    o += 8;
                    continue;
                }
            }
            int b = json[i];
            if (b == '\\') {
                out[o++] = (byte) escaped(json, i);
                i += json[i + 1] == 'u' ? 6 : 2;
            } else if (b >= 0) {
                out[o++] = (byte) b;
                i++;
            } else {
                out[o++] = (byte) ((b & 0x1F) << 6 | (json[i + 1] & 0x3F));
                i += 2;
            }
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static String utf16(byte[] json, int from, int end, int chars) {
        char[] out = new char[chars];
        int o = 0;
        int i = from;
        while (i < end) {
            int b = json[i];
            if (b == '\\') {
                out[o++] = (char) escaped(json, i);
                i += json[i + 1] == 'u' ? 6 : 2;
            } else if (b >= 0) {
                out[o++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0) {
                out[o++] = (char) ((b & 0x1F) << 6 | (json[i + 1] & 0x3F));
                i += 2;
            } else if ((b & 0xF0) == 0xE0) {
                out[o++] = (char) ((b & 0x0F) << 12 | (json[i + 1] & 0x3F) << 6 | (json[i + 2] & 0x3F));
                i += 3;
            } else {
                int cp = (b & 0x07) << 18 | (json[i + 1] & 0x3F) << 12 | (json[i + 2] & 0x3F) << 6
                        | (json[i + 3] & 0x3F);
                out[o++] = Character.highSurrogate(cp);
                out[o++] = Character.lowSurrogate(cp);
                i += 4;
            }
        }
        return new String(out);
    }

    /**
     * The char of the escape whose backslash is at {@code i}, or -1 for one JSON does not define. A unicode
     * escape gives its code unit as it is, a lone surrogate included, as the parser does.
     */
    private static int escaped(byte[] json, int i) {
        if (i + 1 >= json.length) {
            return -1;
        }
        switch (json[i + 1]) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (i + 6 > json.length) {
                    return -1;
                }
                int c = 0;
                for (int k = i + 2; k < i + 6; k++) {
                    int d = Character.digit(json[k], 16);
                    if (d < 0) {
                        return -1;
                    }
                    c = c << 4 | d;
                }
                return c;
            default: return -1;
        }
    }

    /** Eight bytes that are printable ASCII and neither a quote nor a backslash. */
    private static boolean isPlain(long word) {
        return (word & HIGH_BITS) == 0 && !Utf8.hasZeroByte(word ^ QUOTES) && !Utf8.hasZeroByte(word ^ BACKSLASHES)
                && ((word - SPACES) & ~word & HIGH_BITS) == 0;
    }

    /** A parser failure as the readable reason of a dead letter. */
    public static SerializationException invalid(String what, int length, Exception cause) {
        return new SerializationException("Not a valid " + what + " (" + length + " bytes): "
                + firstLine(cause.getMessage()), cause);
    }

    // Jackson appends the source location on further lines; the first line is the readable reason.
    private static String firstLine(String message) {
        if (message == null) {
            return "unknown JSON error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
