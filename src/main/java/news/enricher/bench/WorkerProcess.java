package news.enricher.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link BenchWorker} in a child JVM with the same class path as this one; its log goes to a file. */
final class WorkerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Path log;
    private final BlockingQueue<Boolean> readies = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> firsts = new LinkedBlockingQueue<>();
    private final CompletableFuture<ObjectNode> stats = new CompletableFuture<>();
    private volatile String fatal;
    private volatile String exitReason;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
        Thread reader = new Thread(this::readOutput, "bench-worker-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static WorkerProcess start(String name, Path properties, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchWorker.class.getName());
        command.add(properties.toString());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new WorkerProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + name + " worker: " + e.getMessage(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("READY")) {
                    readies.add(Boolean.TRUE);
                } else if (line.startsWith("FIRST ")) {
                    firsts.add(Long.parseLong(line.substring(6).trim()));
                } else if (line.startsWith("STATS ")) {
                    stats.complete((ObjectNode) Json.MAPPER.readTree(line.substring(6)));
                } else if (line.startsWith("FATAL ")) {
                    fatal = line.substring(6);
                }
            }
        } catch (IOException | RuntimeException e) {
            fatal = fatal == null ? "output unreadable: " + e : fatal;
        }
        String reason = "the " + name + " worker exited (" + (fatal != null ? fatal : "see " + log) + ")";
        exitReason = reason;
        stats.completeExceptionally(new IllegalStateException(reason));
    }

    /** Waits until the worker's next phase consumes (its Kafka Streams client is RUNNING). */
    void awaitReady(Duration timeout) {
        take(readies, timeout, "become ready");
    }

    private <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                T value = queue.poll(100, TimeUnit.MILLISECONDS);
                if (value != null) {
                    return value;
                }
                if (exitReason != null) {
                    throw new IllegalStateException(exitReason);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        throw new IllegalStateException("The " + name + " worker did not " + what + " within " + timeout + " (log: "
                + log + ")");
    }

    /** Wall-clock time (epoch ms) at which the worker's next phase handled its first record. */
    long awaitFirst(Duration timeout) {
        return take(firsts, timeout, "handle a first record");
    }

    /** Ends the warm-up phase: the worker closes its client and starts the measured one. */
    void next() {
        send("NEXT\n");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String fatal() {
        return fatal;
    }

    Path log() {
        return log;
    }

    /** Asks the worker for its live heap: it runs a full GC and notes what is left ({@code live_heap_bytes}). */
    void probeLiveHeap() {
        send("LIVE\n");
    }

    /** Closes the measured window (CPU and GC counters). */
    void end() {
        send("END\n");
    }

    /** Stops the worker (it closes its clients cleanly) and returns what it measured. */
    ObjectNode finish(Duration timeout) {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already gone: the stats future says why.
        }
        try {
            return get(stats, timeout, "report its statistics");
        } finally {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void send(String text) {
        try {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // The worker died; the caller finds out from finish().
        }
    }

    private <T> T get(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The " + name + " worker did not " + what + " within " + timeout
                    + " (log: " + log + ")", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stdin.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
