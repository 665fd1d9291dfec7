package news.enricher.bench;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds) and reports nearest-rank percentiles. Every sample is kept, so the percentiles
 * are exact; a leg records at most a few hundred thousand. Thread-safe.
 */
final class LatencyRecorder {

    /** Percentiles in milliseconds. */
    record Summary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
    }

    private long[] samples = new long[1024];
    private int size;

    synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = Math.max(0, nanos);
    }

    synchronized long count() {
        return size;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(size, millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(percentile(sorted, 99.9)), millis(size == 0 ? -1 : sorted[size - 1]));
    }

    /**
     * Nearest-rank percentile of sorted values: the smallest value with at least {@code p} percent of the values at or
     * below it. -1 for no values.
     */
    static long percentile(long[] sorted, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("Percentile must be in (0, 100], was " + p);
        }
        if (sorted.length == 0) {
            return -1;
        }
        // The epsilon keeps 99.9 % of 1000 at rank 999 despite 99.9 / 100 * 1000 = 999.0000000000001.
        long rank = (long) Math.ceil(p / 100.0 * sorted.length - 1e-9);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos < 0 ? Double.NaN : Math.round(nanos / 100_000.0) / 10.0;
    }
}
