package news.enricher.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak memory of this JVM: heap used (sampled, and just before every GC), heap live after GC, and the resident set
 * size the kernel reports ({@code VmHWM}, which includes RocksDB and other native memory).
 */
final class MemoryWatch implements AutoCloseable {

    /** The unit of /proc's CPU times: USER_HZ, 100 on every Linux the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final AtomicLong peakHeapUsed = new AtomicLong();
    private final AtomicLong peakHeapAfterGc = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong gcPauseMs = new AtomicLong();
    private final Set<String> heapPools = new HashSet<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    MemoryWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            GcInfo gc = info.getGcInfo();
            peakHeapUsed.accumulateAndGet(heap(gc.getMemoryUsageBeforeGc()), Math::max);
            peakHeapAfterGc.accumulateAndGet(heap(gc.getMemoryUsageAfterGc()), Math::max);
            gcCount.incrementAndGet();
            gcPauseMs.addAndGet(gc.getDuration());
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                peakHeapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private long heap(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    long peakHeapUsed() {
        return peakHeapUsed.get();
    }

    long peakHeapAfterGc() {
        return peakHeapAfterGc.get();
    }

    long gcCount() {
        return gcCount.get();
    }

    long gcPauseMs() {
        return gcPauseMs.get();
    }

    static long heapMax() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /** {@code VmHWM}: the peak resident set size of this process, in bytes; -1 where /proc is not available. */
    static long peakRss() {
        return procStatus("VmHWM:");
    }

    static long rss() {
        return procStatus("VmRSS:");
    }

    /** CPU time of the whole process (all threads), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of the JIT compiler threads so far, in nanoseconds; -1 where /proc is not available. On 2 cores it is
     * taken from the leg while code is still being compiled. (The JMX compilation time counts wall-clock time, which
     * on a busy machine includes the compiler threads' wait for a core.)
     */
    static long compilerCpuNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    // Fields after the name, which is in parentheses: state is the 3rd, utime the 14th, stime 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
