package news.enricher.service;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One log line per state store partition that Kafka Streams restores from its changelog (or, for a global store, its
 * source topic): how many records, from which offset, and how long it took. A failover's cost is mostly this
 * restore, and whether it started from the changelog's beginning tells a wiped store from a kept one; the fault
 * suite reads these lines.
 */
final class RestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private record Started(long at, long fromOffset, long toOffset) {
    }

    private final Map<String, Started> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(key(partition, store), new Started(System.nanoTime(), startingOffset, endingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        log("Restored", partition, store, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        log("Suspended restoring", partition, store, totalRestored);
    }

    private void log(String what, TopicPartition partition, String store, long restored) {
        Started s = started.remove(key(partition, store));
        long ms = s == null ? -1 : (System.nanoTime() - s.at()) / 1_000_000;
        LOG.info("{} {} records of store {} from {} offsets {}..{} in {} ms", what, restored, store, partition,
                s == null ? "?" : s.fromOffset(), s == null ? "?" : s.toOffset(), ms);
    }

    private static String key(TopicPartition partition, String store) {
        return store + '@' + partition;
    }
}
