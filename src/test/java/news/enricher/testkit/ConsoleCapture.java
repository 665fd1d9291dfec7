package news.enricher.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything this JVM writes to standard output and error while a test class runs (the embedded
 * broker's and the in-process clients' logs: slf4j-simple looks up {@code System.err} on every line), still
 * passing it through. For tests that grep the logs, e.g. for secrets.
 *
 * <p>{@code @RegisterExtension static final ConsoleCapture CONSOLE = new ConsoleCapture();} Test classes in one JVM
 * run one after another, so the swap of the JVM-wide streams is not contended.
 */
public final class ConsoleCapture implements BeforeAllCallback, AfterAllCallback {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @Override
    public void beforeAll(ExtensionContext context) {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Everything captured so far. */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
