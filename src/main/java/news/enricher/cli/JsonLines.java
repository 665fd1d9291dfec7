package news.enricher.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads JSON lines as bytes, split on '\n' (a trailing '\r' dropped, blank lines skipped), so that a line that is
 * not UTF-8 reaches Kafka exactly as it was written.
 */
final class JsonLines {

    private JsonLines() {
    }

    static void forEach(InputStream in, Consumer<byte[]> consumer) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start);
                    emit(line, consumer);
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }
        emit(line, consumer);
    }

    private static void emit(ByteArrayOutputStream line, Consumer<byte[]> consumer) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        if (new String(bytes, 0, end, StandardCharsets.ISO_8859_1).isBlank()) {
            return;
        }
        consumer.accept(end == bytes.length ? bytes : Arrays.copyOf(bytes, end));
    }
}
