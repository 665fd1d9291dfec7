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
     * The text of the JSON string whose opening quote is at {@code quote}, decoded straight from the input when it
     * holds no escape, else null (the parser decodes it). Only for input that passed {@link #check}: the JDK decodes
     * ASCII several times faster than the parser builds the same text (other UTF-8 it decodes no faster). The parser
     * must still read or skip the value, so what it refuses (a raw control character) still fails.
     */
    public static String plainString(byte[] json, int quote) {
        if (quote < 0 || quote >= json.length || json[quote] != '"') {
            return null;
        }
        int i = quote + 1;
        int n = json.length;
        while (i + 8 <= n) {
            long word = (long) Utf8.LONGS.get(json, i);
            if (Utf8.hasZeroByte(word ^ QUOTES) || Utf8.hasZeroByte(word ^ BACKSLASHES)) {
                break;
            }
            i += 8;
        }
        for (; i < n; i++) {
            byte b = json[i];
            if (b == '"') {
                return new String(json, quote + 1, i - quote - 1, StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                return null;
            }
        }
        return null;
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
