package news.enricher.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the crawler actually got into Kafka: the plan plus, per record, the broker's verdict and the raw record's
 * append time (the raw topic uses LogAppendTime on the fault broker, so it is the broker's clock).
 */
public final class Ledger {

    public enum Status { PENDING, ACKED, REFUSED, FAILED }

    private final List<RawRecord> plan;
    private final Status[] status;
    private final long[] appendedAt;
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acked = new AtomicInteger();
    private final Map<String, Integer> sendErrors = new TreeMap<>();

    public Ledger(List<RawRecord> plan) {
        this.plan = List.copyOf(plan);
        this.status = new Status[plan.size()];
        this.appendedAt = new long[plan.size()];
        Arrays.fill(status, Status.PENDING);
    }

    public List<RawRecord> plan() {
        return plan;
    }

    synchronized void acked(int index, long appendTime) {
        status[index] = Status.ACKED;
        appendedAt[index] = appendTime;
        acked.incrementAndGet();
    }

    synchronized void refused(int index, Exception e) {
        sendErrors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        RawRecord r = plan.get(index);
        if (r.outcome() == RawRecord.Outcome.REFUSED
                && e instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
            status[index] = Status.REFUSED;
        } else {
            status[index] = Status.FAILED;
            failures.add("#" + index + " " + r.kind() + ": " + e);
        }
    }

    synchronized void unexpectedlyAccepted(int index) {
        status[index] = Status.FAILED;
        failures.add("#" + index + " " + plan.get(index).kind() + " (" + plan.get(index).size()
                + " bytes) was accepted by the broker but should have been refused");
    }

    public synchronized Status status(int index) {
        return status[index];
    }

    public synchronized long appendedAt(int index) {
        return appendedAt[index];
    }

    public int ackedCount() {
        return acked.get();
    }

    /** Harness errors: a record that was meant to enter Kafka did not (or vice versa). Must be empty. */
    public List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** Records that entered Kafka (acknowledged), in plan order. */
    public synchronized List<Integer> ackedIndexes() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] == Status.ACKED) {
                out.add(i);
            }
        }
        return out;
    }

    public synchronized long count(Status s) {
        return Arrays.stream(status).filter(x -> x == s).count();
    }

    /** The exceptions the crawler's sends failed with (those meant to be refused included), by class. */
    public synchronized Map<String, Integer> sendErrors() {
        return new TreeMap<>(sendErrors);
    }

    /** Acknowledged records by kind, for the report. */
    public synchronized Map<String, Integer> kinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] == Status.ACKED || status[i] == Status.REFUSED) {
                String kind = plan.get(i).kind();
                // The article generator's broken kinds are many; the report groups them.
                kinds.merge(kind.startsWith("bad:") ? "bad" : kind, 1, Integer::sum);
            }
        }
        return kinds;
    }
}
