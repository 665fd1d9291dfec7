package news.enricher.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.service.EnricherService;
import news.enricher.topology.EnricherEvents;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One leg of the benchmark in its own JVM, so that its heap, RSS and CPU are its own and not the embedded broker's.
 * Runs the real enricher ({@link EnricherService}, the service {@code run} starts, with HTTP off), a
 * {@link BaselinePipe} or the same-bytes baseline in Kafka Streams ({@link SameBytesTopology}), with the settings in
 * the properties file given as the only argument.
 *
 * <p>Protocol with {@link BenchCommand}: prints {@code READY} once it consumes, {@code FIRST <epoch-ms>} when a
 * phase handles its first record, and {@code STATS <json>} before exiting. With {@code bench.warmup.*} settings it
 * first runs a warm-up phase on other topics until it reads {@code NEXT}. In the measured phase it reads
 * {@code END} when the leg's output is complete (closing the measured window), and stops when standard input
 * closes, so that it never outlives the benchmark.
 */
public final class BenchWorker {

    static final String MODE = "bench.mode";
    static final String MODE_PIPE = "pipe";
    static final String MODE_SAME_BYTES = "same-bytes";
    static final String MODE_ENRICH = "enrich";
    static final String MODE_STREAMS_SAME_BYTES = "streams-same-bytes";
    /** Settings of the warm-up phase (other application id, input and output topics), over the leg's settings. */
    static final String WARM_UP_PREFIX = "bench.warmup.";

    private final MemoryWatch memory = new MemoryWatch();
    private final BlockingQueue<String> input = new LinkedBlockingQueue<>();
    private volatile AtomicBoolean ready = new AtomicBoolean();
    private volatile AtomicBoolean first = new AtomicBoolean();
    private volatile boolean measuring;
    private volatile long firstCpu;
    private volatile long firstGcCount;
    private volatile long firstCompilerCpu;
    private volatile long firstGcMs;

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchWorker <leg.properties>");
            System.exit(2);
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> warmUp = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> {
            if (k.startsWith(WARM_UP_PREFIX)) {
                warmUp.put(k.substring(WARM_UP_PREFIX.length()), props.getProperty(k));
            } else if (!k.equals(MODE)) {
                settings.put(k, props.getProperty(k));
            }
        });
        EnricherConfig config = EnricherConfig.defaults().with(settings);
        new BenchWorker().run(props.getProperty(MODE), config, warmUp.isEmpty() ? null : config.with(warmUp));
        // Kafka's and RocksDB's non-daemon threads are closed; exit even if a library left one behind.
        System.exit(0);
    }

    private void run(String mode, EnricherConfig config, EnricherConfig warmUp) throws Exception {
        if (!List.of(MODE_PIPE, MODE_SAME_BYTES, MODE_ENRICH, MODE_STREAMS_SAME_BYTES).contains(mode)) {
            throw new IllegalArgumentException("Unknown mode " + mode);
        }
        Thread reader = new Thread(this::readInput, "bench-stdin");
        reader.setDaemon(true);
        reader.start();
        if (warmUp != null) {
            // The same work on other topics first, so that the measured phase runs JIT-compiled code.
            phase(mode, warmUp, false);
        }
        ObjectNode stats = phase(mode, config, true);
        say("STATS " + Json.MAPPER.writeValueAsString(stats));
        memory.close();
    }

    private ObjectNode phase(String mode, EnricherConfig config, boolean measured) throws Exception {
        first = new AtomicBoolean();
        ready = new AtomicBoolean();
        measuring = measured;
        return switch (mode) {
            case MODE_PIPE -> runPipes(config, BaselinePipe.Output.ROUTES, measured);
            case MODE_SAME_BYTES -> runPipes(config, BaselinePipe.Output.SAME_BYTES, measured);
            case MODE_STREAMS_SAME_BYTES -> runStreams(config, measured);
            default -> runEnricher(config, measured);
        };
    }

    /** One pipe per stream thread the enricher would run, in one consumer group, as its threads are. */
    private ObjectNode runPipes(EnricherConfig config, BaselinePipe.Output output, boolean measured)
            throws Exception {
        List<BaselinePipe> pipes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < BaselinePipe.threads(config); i++) {
            BaselinePipe pipe = new BaselinePipe(config, output, i + 1, this::first, this::ready);
            Thread thread = new Thread(pipe, "bench-pipe-" + (i + 1));
            thread.setUncaughtExceptionHandler((t, e) -> say("FATAL " + t.getName() + ": " + e));
            pipes.add(pipe);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        ObjectNode window = awaitEnd(measured);
        pipes.forEach(BaselinePipe::stop);
        for (Thread thread : threads) {
            thread.join();
        }
        return stats(window, ClientMetrics.merge(pipes.stream().map(BaselinePipe::producerMetrics).toList()));
    }

    private ObjectNode runEnricher(EnricherConfig config, boolean measured) throws Exception {
        // The service itself (HTTP off, as the leg's settings say), so the bench measures what `run` runs.
        AtomicReference<EnricherService> running = new AtomicReference<>();
        try (EnricherService service = new EnricherService(config, FirstEvent::new, (now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                ready();
            } else if (now == KafkaStreams.State.ERROR) {
                EnricherService s = running.get();
                say("FATAL " + (s == null || s.fatalError() == null ? "Kafka Streams client in ERROR"
                        : s.fatalError()));
            }
        })) {
            running.set(service);
            service.start();
            ObjectNode window = awaitEnd(measured);
            Map<String, Double> producer = ClientMetrics.producer(service.clientMetrics());
            ObjectNode stats = stats(window, producer);
            ObjectNode threads = stats.putObject("stream_threads");
            ClientMetrics.streamThreads(service.clientMetrics()).forEach(threads::put);
            return stats;
        }
    }

    /** {@link SameBytesTopology} in a plain Kafka Streams client with the enricher's settings. */
    private ObjectNode runStreams(EnricherConfig config, boolean measured) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (KafkaStreams streams = new KafkaStreams(SameBytesTopology.build(config, this::first),
                config.streamsProperties())) {
            streams.setUncaughtExceptionHandler(e -> {
                failed.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    ready();
                } else if (now == KafkaStreams.State.ERROR) {
                    say("FATAL " + (failed.get() == null ? "Kafka Streams client in ERROR" : failed.get()));
                }
            });
            streams.start();
            ObjectNode window = awaitEnd(measured);
            Map<String, Double> producer = ClientMetrics.producer(streams.metrics());
            return stats(window, producer);
        }
    }

    private void readInput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                input.add(line.trim());
            }
        } catch (IOException e) {
            // treated as end of input
        }
        input.add("EOF");
    }

    /**
     * Waits for the end of a phase: {@code NEXT} (or end of input) ends a warm-up; in the measured phase {@code END}
     * closes the measured window and end of input stops the worker.
     */
    private ObjectNode awaitEnd(boolean measured) throws InterruptedException {
        ObjectNode window = Json.MAPPER.createObjectNode();
        while (true) {
            String line = input.take();
            if (line.equals("EOF")) {
                input.add("EOF");
                return window;
            }
            if (!measured && line.equals("NEXT")) {
                return window;
            }
            if (measured && line.equals("LIVE")) {
                // What the heap holds in steady state, not what young collections leave behind: one full GC.
                System.gc();
                window.put("live_heap_bytes", java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage().getUsed());
            }
            if (measured && line.equals("END") && first.get()) {
                window.put("cpu_seconds", (MemoryWatch.processCpuNanos() - firstCpu) / 1e9);
                long compilerCpu = MemoryWatch.compilerCpuNanos();
                if (compilerCpu >= 0 && firstCompilerCpu >= 0) {
                    window.put("jit_seconds", (compilerCpu - firstCompilerCpu) / 1e9);
                }
                window.put("gc_count", memory.gcCount() - firstGcCount);
                window.put("gc_pause_ms", memory.gcPauseMs() - firstGcMs);
            }
        }
    }

    private ObjectNode stats(ObjectNode window, Map<String, Double> producer) {
        ObjectNode stats = Json.MAPPER.createObjectNode();
        stats.setAll(window);
        stats.put("heap_max_bytes", MemoryWatch.heapMax());
        stats.put("peak_heap_used_bytes", memory.peakHeapUsed());
        stats.put("peak_heap_after_gc_bytes", memory.peakHeapAfterGc());
        stats.put("peak_rss_bytes", MemoryWatch.peakRss());
        ObjectNode p = stats.putObject("producer");
        producer.forEach(p::put);
        return stats;
    }

    private void first(long epochMs) {
        if (first.compareAndSet(false, true)) {
            if (measuring) {
                firstCpu = MemoryWatch.processCpuNanos();
                firstGcCount = memory.gcCount();
                firstCompilerCpu = MemoryWatch.compilerCpuNanos();
                firstGcMs = memory.gcPauseMs();
            }
            say("FIRST " + epochMs);
        }
    }

    private void ready() {
        if (ready.compareAndSet(false, true)) {
            say("READY");
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Notes the first record the topology handles (published, skipped or dead-lettered), then counts as usual. */
    private final class FirstEvent implements EnricherEvents {
        private final EnricherEvents delegate;

        FirstEvent(EnricherEvents delegate) {
            this.delegate = delegate;
        }

        private void seen() {
            if (!first.get()) {
                first(System.currentTimeMillis());
            }
        }

        @Override
        public void tombstoneSkipped() {
            seen();
            delegate.tombstoneSkipped();
        }

        @Override
        public void recrawlSkipped() {
            seen();
            delegate.recrawlSkipped();
        }

        @Override
        public void staleSkipped() {
            seen();
            delegate.staleSkipped();
        }

        @Override
        public void enriched(String theme) {
            seen();
            delegate.enriched(theme);
        }

        @Override
        public void unknownTicker() {
            seen();
            delegate.unknownTicker();
        }
    }
}
