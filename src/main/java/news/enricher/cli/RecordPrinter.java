package news.enricher.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import news.enricher.json.Json;
import news.enricher.offline.OutputRecord;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Prints a record as one JSON line {@code {"topic","key","value","headers"}}: {@code value} is the record's JSON, or
 * for dead letters the original bytes as a string (plus {@code value_base64} when they are not UTF-8).
 */
final class RecordPrinter {

    private RecordPrinter() {
    }

    static void print(PrintWriter out, OutputRecord record, boolean asText) {
        try {
            Writer shield = new FilterWriter(out) {
                @Override
                public void close() {
                    // The generator must not close standard output.
                }
            };
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(shield)) {
                g.writeStartObject();
                g.writeStringField("topic", record.topic());
                g.writeStringField("key", record.key());
                g.writeFieldName("value");
                if (record.value() == null) {
                    g.writeNull();
                } else if (asText) {
                    String text = strictUtf8(record.value());
                    g.writeString(text != null ? text : new String(record.value(), StandardCharsets.UTF_8));
                    if (text == null) {
                        g.writeStringField("value_base64", Base64.getEncoder().encodeToString(record.value()));
                    }
                } else {
                    g.writeTree(Json.MAPPER.readTree(record.value()));
                }
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : record.headers().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            out.print('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
