package news.enricher.service;

import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Rebuilds the global stores (the reference table and the trends view) from their topics after a run that did not
 * stop cleanly.
 *
 * <p>Kafka Streams 4.4 marks a RocksDB store open while it runs and closed when it closes. Under exactly-once, a store
 * still marked open at start-up is refused as possibly holding uncommitted data; a task's store is then wiped and
 * restored, but a global store's refusal fails the client, at every start (KAFKA-21034, not fixed in 4.4). After a
 * {@code kill -9} that had let the trends view flush its marker to disk, an instance could then never start again.
 * The global stores hold nothing that is not in their compacted topics, so a run that did not end with a clean close
 * starts with them empty: a clean close leaves a marker in the global state directory, and its absence means the
 * directory goes. Task stores are left to Kafka Streams, which wipes and restores them as it should.
 */
final class GlobalStateGuard {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalStateGuard.class);
    static final String CLEAN_MARKER = ".enricher-closed-cleanly";

    private final Path appDir;
    private final Path globalDir;

    GlobalStateGuard(StreamsConfig streams) {
        this.appDir = applicationDirectory(streams);
        this.globalDir = appDir.resolve("global");
    }

    /** Where Kafka Streams keeps this application's state: its stores, its lock and its process id. */
    static Path applicationDirectory(StreamsConfig streams) {
        return Path.of(streams.getString(StreamsConfig.STATE_DIR_CONFIG),
                streams.getString(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    /**
     * Before the client is built: deletes the global state directory unless the last run closed cleanly, and takes
     * the marker away so that a crash of this run leaves none. Another process holding the application's state
     * directory keeps it: Kafka Streams will refuse to start on it anyway.
     *
     * @return whether the last run on this directory did not close cleanly, so the global stores will be rebuilt
     *         from their topics
     */
    boolean beforeStart() {
        if (!Files.isDirectory(globalDir)) {
            return false;
        }
        Path marker = globalDir.resolve(CLEAN_MARKER);
        try {
            if (Files.deleteIfExists(marker)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(appDir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    return false;
                }
                LOG.warn("The last run did not close cleanly: rebuilding the global stores (reference table, trends "
                        + "view) from their topics");
                deleteTree(globalDir);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the global state directory " + globalDir, e);
        }
    }

    /** After a clean close: the global stores may be reused by the next start. */
    void afterCleanClose() {
        try {
            if (Files.isDirectory(globalDir)) {
                Files.writeString(globalDir.resolve(CLEAN_MARKER), "");
            }
        } catch (IOException e) {
            LOG.warn("Cannot mark the global stores closed cleanly; the next start rebuilds them: {}", e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile: what was wanted
                }
            }
        }
    }
}
