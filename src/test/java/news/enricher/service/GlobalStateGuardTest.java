package news.enricher.service;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalStateGuardTest {

    @TempDir
    Path stateDir;

    @Test
    void rebuildsTheGlobalStoresAfterARunThatDidNotCloseCleanly() throws Exception {
        Path store = globalStore();

        assertThat(guard().beforeStart()).isTrue();

        assertThat(stateDir.resolve("app").resolve("global")).doesNotExist();
        assertThat(stateDir.resolve("app").resolve("0_1").resolve("kept")).exists();
    }

    @Test
    void keepsTheGlobalStoresAfterACleanCloseAndExpectsTheNextCloseToSaySoAgain() throws Exception {
        Path store = globalStore();
        guard().afterCleanClose();
        assertThat(stateDir.resolve("app").resolve("global").resolve(GlobalStateGuard.CLEAN_MARKER)).exists();

        assertThat(guard().beforeStart()).isFalse();
        assertThat(store).exists();
        assertThat(stateDir.resolve("app").resolve("global").resolve(GlobalStateGuard.CLEAN_MARKER)).doesNotExist();

        // This run then crashes: the marker is gone, so the next start rebuilds.
        assertThat(guard().beforeStart()).isTrue();
        assertThat(store).doesNotExist();
    }

    @Test
    void leavesAloneAGlobalDirectoryThatAnotherProcessHolds() throws Exception {
        Path store = globalStore();
        try (FileChannel channel = FileChannel.open(stateDir.resolve("app").resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            // Within one JVM a second lock on the same file throws rather than returning null; either way it is kept.
            try {
                assertThat(guard().beforeStart()).isFalse();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                assertThat(held.isValid()).isTrue();
            }
        }
        assertThat(store).exists();
    }

    @Test
    void doesNothingWithoutGlobalState() {
        assertThat(guard().beforeStart()).isFalse();
        guard().afterCleanClose();
        assertThat(stateDir.resolve("app").resolve("global")).doesNotExist();
    }

    private Path globalStore() throws Exception {
        Path store = stateDir.resolve("app").resolve("global").resolve("rocksdb").resolve("trends-view");
        Files.createDirectories(store);
        Files.writeString(store.resolve("000001.sst"), "data");
        Files.createDirectories(stateDir.resolve("app").resolve("0_1"));
        Files.writeString(stateDir.resolve("app").resolve("0_1").resolve("kept"), "task state");
        return store.resolve("000001.sst");
    }

    private GlobalStateGuard guard() {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new GlobalStateGuard(new StreamsConfig(props));
    }
}
