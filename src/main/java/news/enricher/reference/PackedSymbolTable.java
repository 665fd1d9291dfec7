package news.enricher.reference;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Rendered rows by symbol, for symbols that pack into one {@code long} ({@link #pack}): an open-addressing table that
 * one thread writes and any number read without locks.
 *
 * <p>A lookup in a {@code ConcurrentHashMap<String, byte[]>} of the full table touches four scattered objects (the
 * bin's node, its key, the key's bytes, the value); with the broker and the producer sharing two cores, each is a
 * cache miss, and the profile of the enricher's stream thread showed those lookups as its largest single cost. Here
 * a lookup reads one {@code long} slot, then the value next to it.
 *
 * <p>Publication: the writer stores a new slot's value before its key, and both with release semantics; readers
 * load the key, then the value, with acquire semantics. A reader therefore sees a slot's key only once its value is
 * there, and any value it sees is a whole row. A removed row leaves its key with a null value, which reads as
 * absent. Growing builds a new table and publishes it through a volatile field.
 */
final class PackedSymbolTable {

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(byte[][].class);
    /** Above this share of slots claimed, the table doubles: probes stay short. */
    private static final double MAX_LOAD = 0.5;
    private static final int MAX_CHARS = 9;

    private volatile Slots slots = new Slots(1 << 10);
    /** Rows present (non-null values); written by the one writer, read by anyone. */
    private volatile int size;

    /**
     * The symbol as a non-zero {@code long}, or 0 when it does not pack: 1 to 9 ASCII characters, none NUL, each in 7
     * bits; the top bit tells crypto from equity. Every canonical symbol packs (at most 6 characters, a separator and
     * a 2-letter class). Strings of different lengths cannot collide: the first character is never 0.
     */
    static long pack(boolean crypto, CharSequence symbol) {
        int n = symbol.length();
        if (n == 0 || n > MAX_CHARS) {
            return 0;
        }
        long packed = 0;
        for (int i = 0; i < n; i++) {
            char c = symbol.charAt(i);
            if (c == 0 || c > 0x7F) {
                return 0;
            }
            packed = packed << 7 | c;
        }
        return crypto ? packed | Long.MIN_VALUE : packed;
    }

    /** @param packed a non-zero result of {@link #pack} */
    byte[] get(long packed) {
        Slots s = slots;
        int mask = s.keys.length - 1;
        for (int i = s.home(packed); ; i = (i + 1) & mask) {
            long key = (long) KEYS.getAcquire(s.keys, i);
            if (key == packed) {
                return (byte[]) VALUES.getAcquire(s.values, i);
            }
            if (key == 0) {
                return null;
            }
        }
    }

    /** Writer only. @param packed a non-zero result of {@link #pack} */
    void put(long packed, byte[] rendered) {
        Slots s = slots;
        int i = s.find(packed);
        if (s.keys[i] == packed) {
            if (s.values[i] == null) {
                size++;
            }
            VALUES.setRelease(s.values, i, rendered);
            return;
        }
        if (s.claimed + 1 > MAX_LOAD * s.keys.length) {
            s = grown(s);
            slots = s;
            i = s.find(packed);
        }
        VALUES.setRelease(s.values, i, rendered);
        KEYS.setRelease(s.keys, i, packed);
        s.claimed++;
        size++;
    }

    /** Writer only. @param packed a non-zero result of {@link #pack} */
    void remove(long packed) {
        Slots s = slots;
        int i = s.find(packed);
        if (s.keys[i] == packed && s.values[i] != null) {
            VALUES.setRelease(s.values, i, null);
            size--;
        }
    }

    int size() {
        return size;
    }

    /** A table twice as large holding the present rows; removed keys are left behind. */
    private static Slots grown(Slots old) {
        Slots grown = new Slots(old.keys.length * 2);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.keys[i] != 0 && old.values[i] != null) {
                int j = grown.find(old.keys[i]);
                grown.keys[j] = old.keys[i];
                grown.values[j] = old.values[i];
                grown.claimed++;
            }
        }
        return grown;
    }

    private static final class Slots {
        final long[] keys;
        final byte[][] values;
        /** Slots with a key, removed rows' included; the writer's alone. */
        int claimed;
        private final int shift;

        Slots(int capacity) {
            keys = new long[capacity];
            values = new byte[capacity][];
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
        }

        int home(long packed) {
            // Fibonacci hashing: symbols differ mostly in their low characters, the multiply spreads them to the top.
            return (int) ((packed * 0x9E3779B97F4A7C15L) >>> shift);
        }

        /** The slot holding {@code packed}, or the empty slot where it would go. */
        int find(long packed) {
            int mask = keys.length - 1;
            int i = home(packed);
            while (keys[i] != packed && keys[i] != 0) {
                i = (i + 1) & mask;
            }
            return i;
        }
    }
}
