package news.enricher.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;

/**
 * One enricher instance as a separate JVM running the product jar ({@code java -jar target/news-enricher.jar run}).
 * Its state is followed from its own log ("Kafka Streams state A -> B"), so no HTTP port is opened (the ops server
 * binds every interface). {@link #kill()} is SIGKILL, {@link #stop()} SIGTERM. Every started JVM is registered and
 * destroyed by a shutdown hook if the test JVM exits without cleaning up.
 */
public final class EnricherProcess implements AutoCloseable {

    private static final Pattern STATE = Pattern.compile("Kafka Streams state (\\w+) -> (\\w+)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "faults-kill-children"));
    }

    /** A state change seen in the log, with the wall-clock time the test saw it. */
    public record Transition(long at, int incarnation, String from, String to) {
    }

    private final String name;
    private final Path configFile;
    private final Path log;
    private final List<String> jvmOptions;
    private final List<Transition> transitions = new ArrayList<>();
    private volatile Process process;
    private volatile String state = "NEW";
    private int incarnation;

    EnricherProcess(String name, Path dir, Map<String, String> config, List<String> jvmOptions) {
        this.name = name;
        this.configFile = dir.resolve(name + ".properties");
        this.log = dir.resolve(name + ".log");
        this.jvmOptions = List.copyOf(jvmOptions);
        Properties props = new Properties();
        props.putAll(config);
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "fault-suite enricher instance " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** Starts (or restarts, with the same config and state directory) the JVM. */
    public synchronized EnricherProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path jar = Path.of("target", "news-enricher.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run through `mvn verify` "
                    + "(Failsafe runs after `package`)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "run", "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Only the file configures the instance: ENRICHER_* variables of the caller's shell would override it.
        builder.environment().keySet().removeIf(k -> k.startsWith("ENRICHER_"));
        int inc = ++incarnation;
        try {
            Files.writeString(log, "=== " + name + " incarnation " + inc + " ===\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        LIVE.add(process);
        state = "STARTING";
        Process p = process;
        Thread pump = new Thread(() -> pump(p, inc), "faults-log-" + name + "-" + inc);
        pump.setDaemon(true);
        pump.start();
        return this;
    }

    private void pump(Process p, int inc) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                // A test reads the log while the instance runs (errors by kind, OutOfMemoryError): every line counts.
                out.flush();
                Matcher m = STATE.matcher(line);
                if (m.find()) {
                    synchronized (this) {
                        transitions.add(new Transition(System.currentTimeMillis(), inc, m.group(1), m.group(2)));
                        if (inc == incarnation) {
                            state = m.group(2);
                        }
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The stream closes when the process dies; the exit is recorded below.
        }
        try {
            int code = p.waitFor();
            synchronized (this) {
                if (inc == incarnation) {
                    state = "EXITED(" + code + ")";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public String state() {
        return state;
    }

    public boolean running() {
        return alive() && "RUNNING".equals(state);
    }

    public EnricherProcess awaitRunning(Duration timeout) {
        await(name + " to be RUNNING (now " + state + ", log " + log + ")", timeout, () -> {
            if (!alive() && process != null && !state.equals("STARTING")) {
                throw new AssertionError(name + " exited while starting: " + state + ", see " + log);
            }
            return running();
        });
        return this;
    }

    /** kill -9: no shutdown hook, no commit, no transaction abort. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(30));
    }

    /** SIGTERM: the product closes its streams client and exits 0. Returns the exit code. */
    public int stop(Duration timeout) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return p == null ? -1 : p.exitValue();
        }
        // Through the handle: Process.destroy() also closes our end of the pipe, which loses every line the
        // instance logs while it shuts down.
        p.toHandle().destroy();
        if (!waitFor(p, timeout)) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
            throw new AssertionError(name + " did not stop within " + timeout + " after SIGTERM; killed it");
        }
        return p.exitValue();
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done) {
                LIVE.remove(p);
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    public synchronized List<Transition> transitions() {
        return new ArrayList<>(transitions);
    }

    public int incarnation() {
        return incarnation;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }
}
