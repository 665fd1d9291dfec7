package news.enricher.json;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The checks every JSON input passes before a parser sees it, shared by the tree serde and the streaming article
 * reader so that both refuse the same bytes with the same reason.
 */
public final class JsonInput {

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
