package news.enricher.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When output appeared, from the broker append times of the output records of a run: over all outputs, and per
 * partition of the themed topics. Themed topics have as many partitions as the raw topic and are keyed by the same
 * article id, so themed partition p carries exactly the articles of raw partition p: a stall there is the stall of
 * the task that owns raw partition p.
 */
public final class Timeline {

    private final long[] all;
    private final Map<Integer, long[]> byPartition = new TreeMap<>();

    public Timeline(List<Observed> observed) {
        this.all = observed.stream().mapToLong(Observed::timestamp).sorted().toArray();
        Map<Integer, List<Long>> parts = new TreeMap<>();
        for (Observed o : observed) {
            if (o.kind() == Observed.Kind.THEMED) {
                parts.computeIfAbsent(o.partition(), p -> new ArrayList<>()).add(o.timestamp());
            }
        }
        parts.forEach((p, ts) -> byPartition.put(p, ts.stream().mapToLong(Long::longValue).sorted().toArray()));
    }

    /** The longest stall of all output together (every task stalled) that ended in (from, to]. */
    public long longestStall(long from, long to) {
        return longestStall(all, from, to);
    }

    /** The longest stall of any single partition's themed output (one task stalled) that ended in (from, to]. */
    public long longestPartitionStall(long from, long to) {
        long longest = 0;
        for (long[] times : byPartition.values()) {
            longest = Math.max(longest, longestStall(times, from, to));
        }
        return longest;
    }

    /**
     * The longest gap between consecutive output records that ended in (from, to]: the stall that output
     * recovered from after an event at {@code from}, before the next event at {@code to}. Attributing a gap to where
     * it ends, not where it begins, keeps the stall of a change out of the window of the change before it (the last
     * output before a kill comes a moment before the kill).
     */
    static long longestStall(long[] times, long from, long to) {
        long longest = 0;
        for (int i = Math.max(1, firstIndexAfter(times, from)); i < times.length && times[i] <= to; i++) {
            longest = Math.max(longest, times[i] - times[i - 1]);
        }
        return longest;
    }

    /** The first output appended at or after {@code at}, or -1. */
    public long firstOutputAtOrAfter(long at) {
        int i = firstIndexAfter(all, at - 1);
        return i < all.length ? all[i] : -1;
    }

    /** The time by which every partition's themed output had resumed after {@code at}, or -1. */
    public long allPartitionsResumedAfter(long at) {
        long latest = -1;
        for (long[] times : byPartition.values()) {
            int i = firstIndexAfter(times, at - 1);
            if (i < times.length) {
                latest = Math.max(latest, times[i]);
            }
        }
        return latest;
    }

    private static int firstIndexAfter(long[] times, long at) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
