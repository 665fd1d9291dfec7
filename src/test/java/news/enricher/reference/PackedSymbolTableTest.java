package news.enricher.reference;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PackedSymbolTableTest {

    @Test
    void packsEveryCanonicalShapeAndNothingElse() {
        assertThat(PackedSymbolTable.pack(false, "A")).isEqualTo('A');
        assertThat(PackedSymbolTable.pack(false, "ABCDEF.GH")).isPositive();
        assertThat(PackedSymbolTable.pack(true, "ABCDEF.GH")).isNegative();

        assertThat(PackedSymbolTable.pack(false, "")).isZero();
        assertThat(PackedSymbolTable.pack(false, "ABCDEFGHIJ")).isZero();
        assertThat(PackedSymbolTable.pack(false, "MÜ")).isZero();
        assertThat(PackedSymbolTable.pack(false, "M\0")).isZero();
    }

    @Test
    void givesDifferentSymbolsAndAssetClassesDifferentKeys() {
        Set<Long> keys = new HashSet<>();
        String[] symbols = {"A", "AA", "AAA", "B", "BA", "AB", "BRK.B", "BRK.A", "BRKB", "SOL", "MU", "Z9Z9Z9.ZZ"};
        for (String symbol : symbols) {
            keys.add(PackedSymbolTable.pack(false, symbol));
            keys.add(PackedSymbolTable.pack(true, symbol));
        }

        assertThat(keys).hasSize(2 * symbols.length).doesNotContain(0L);
    }

    @Test
    void findsEveryRowAfterGrowingAndForgetsOnlyTheRemovedOnes() {
        PackedSymbolTable table = new PackedSymbolTable();
        int rows = 20_000;
        for (int i = 0; i < rows; i++) {
            table.put(PackedSymbolTable.pack(false, "S" + i), row(i));
        }
        for (int i = 0; i < rows; i += 2) {
            table.remove(PackedSymbolTable.pack(false, "S" + i));
        }

        for (int i = 0; i < rows; i++) {
            byte[] found = table.get(PackedSymbolTable.pack(false, "S" + i));
            assertThat(found).as("S%d", i).isEqualTo(i % 2 == 0 ? null : row(i));
        }
        assertThat(table.get(PackedSymbolTable.pack(true, "S1"))).isNull();
        assertThat(table.size()).isEqualTo(rows / 2);
    }

    @Test
    void readsARemovedRowAgainOnceItIsPutBack() {
        PackedSymbolTable table = new PackedSymbolTable();
        long mu = PackedSymbolTable.pack(false, "MU");
        table.put(mu, row(1));
        table.remove(mu);
        table.put(mu, row(2));

        assertThat(table.get(mu)).isEqualTo(row(2));
        assertThat(table.size()).isOne();
    }

    /** The global thread writes while stream threads read: a row present all along is never missed, growth or not. */
    @Test
    void aReaderNeverMissesARowThatIsPresentWhileTheWriterGrowsTheTable() throws InterruptedException {
        PackedSymbolTable table = new PackedSymbolTable();
        long mu = PackedSymbolTable.pack(false, "MU");
        table.put(mu, row(0));
        AtomicLong missed = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                table.put(PackedSymbolTable.pack(false, "W" + i), row(i));
                if (i % 1000 == 0) {
                    table.put(mu, row(i));
                }
            }
        });
        writer.start();
        while (writer.isAlive()) {
            byte[] found = table.get(mu);
            reads.incrementAndGet();
            if (found == null || found.length != 4) {
                missed.incrementAndGet();
            }
        }
        writer.join();

        assertThat(reads.get()).isPositive();
        assertThat(missed.get()).isZero();
        assertThat(table.size()).isEqualTo(200_001);
    }

    private static byte[] row(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }
}
