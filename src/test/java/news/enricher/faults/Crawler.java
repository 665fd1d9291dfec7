package news.enricher.faults;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulated crawler: sends the plan in order at a steady rate, keyed as given, with an idempotent acks=all
 * producer (so per-key order survives retries and broker restarts). Records meant to be refused go through a
 * separate producer so that their failure cannot disturb the ordered stream.
 */
public final class Crawler implements AutoCloseable {

    private static final long TICK_MS = 50;

    private final Ledger ledger;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaProducer<byte[], byte[]> oversize;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crawler-pacer");
        t.setDaemon(true);
        return t;
    });
    private final double perTick;
    private final AtomicInteger sent = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private double credit;
    private volatile java.util.concurrent.ScheduledFuture<?> ticking;
    private volatile long startedAt;
    private volatile long finishedAt;

    public Crawler(Map<String, Object> clientProperties, String topic, Ledger ledger, double recordsPerSecond) {
        this.ledger = ledger;
        this.topic = topic;
        this.perTick = recordsPerSecond * TICK_MS / 1000.0;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // Larger than every topic limit: the broker, with the topic's max.message.bytes, is what refuses a record.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 * 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "faults-crawler");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "faults-crawler-oversize");
        this.oversize = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public Crawler start() {
        startedAt = System.currentTimeMillis();
        ticking = pacer.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        if (done()) {
            return;
        }
        try {
            List<RawRecord> plan = ledger.plan();
            credit += perTick;
            while (credit >= 1 && sent.get() < plan.size()) {
                int index = sent.get();
                RawRecord r = plan.get(index);
                // Big records cost their size in credit too, so a 5 MB body does not arrive in a burst of others.
                credit -= Math.max(1, r.size() / (256 * 1024));
                send(index, r);
                sent.incrementAndGet();
            }
            if (sent.get() >= plan.size()) {
                producer.flush();
                oversize.flush();
                finishedAt = System.currentTimeMillis();
                finished.countDown();
                ticking.cancel(false);
            }
        } catch (RuntimeException | Error e) {
            error.compareAndSet(null, e);
            finished.countDown();
            ticking.cancel(false);
        }
    }

    private void send(int index, RawRecord r) {
        boolean refuse = r.outcome() == RawRecord.Outcome.REFUSED;
        (refuse ? oversize : producer).send(new ProducerRecord<>(topic, r.key(), r.value()), (metadata, e) -> {
            if (e != null) {
                ledger.refused(index, e);
            } else if (refuse) {
                ledger.unexpectedlyAccepted(index);
            } else {
                ledger.acked(index, metadata.timestamp());
            }
        });
    }

    /**
     * Sends nothing more of the plan: flushes what was sent and counts as done. The records never sent stay
     * pending in the ledger, which expects nothing of them.
     */
    public void finishNow() {
        pacer.execute(() -> {
            if (done()) {
                return;
            }
            ticking.cancel(false);
            producer.flush();
            oversize.flush();
            finishedAt = System.currentTimeMillis();
            finished.countDown();
        });
    }

    /** A total of the ordered producer's {@code producer-metrics}, e.g. {@code record-retry-total}. */
    public double producerMetric(String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    public int sent() {
        return sent.get();
    }

    public int planned() {
        return ledger.plan().size();
    }

    public boolean done() {
        return finished.getCount() == 0;
    }

    /** Waits until every record was sent and acknowledged (or refused); rethrows a crawler failure. */
    public void awaitDone(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The crawler did not finish within " + timeout + " (sent " + sent() + " of "
                    + planned() + ")");
        }
        if (error.get() != null) {
            throw new AssertionError("The crawler failed", error.get());
        }
    }

    public long startedAt() {
        return startedAt;
    }

    public long finishedAt() {
        return finishedAt;
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        producer.close(Duration.ofSeconds(10));
        oversize.close(Duration.ofSeconds(10));
    }
}
