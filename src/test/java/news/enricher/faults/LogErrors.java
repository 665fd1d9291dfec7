package news.enricher.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WARN and ERROR lines of instance logs (slf4j-simple: {@code <time> [thread] LEVEL logger - message}), counted
 * by kind: a dead letter by its reason ({@code dead letter invalid-json}: bad input, logged by design), a refused
 * connection to a node, else the first exception class or Kafka error code the line names
 * ({@code ProducerFencedException}, {@code NOT_LEADER_OR_FOLLOWER}), else {@code other}. Stack frames and {@code Caused by} lines are not log lines
 * and are not counted. A {@link #mark()} taken before a stretch of a run counts only what was logged after it.
 */
public final class LogErrors {

    private static final Pattern LEVEL = Pattern.compile("^\\S+ \\[[^]]*] (WARN|ERROR) (\\S+) - (.*)$");
    private static final Pattern EXCEPTION = Pattern.compile("\\b([A-Z][A-Za-z0-9]*(?:Exception|Error))\\b");
    private static final Pattern THROWN =
            Pattern.compile("^(?:[a-z][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error))(?::.*)?$");
    /** The product's one-line dead letter (news.enricher.deadletter.DeadLetterLog): bad input, by its reason. */
    private static final Pattern DEAD_LETTER = Pattern.compile("^Dead letter \\S+: ([\\w-]+)");
    private static final Pattern CODE = Pattern.compile("\\b([A-Z]{2,}(?:_[A-Z]{2,})+)\\b");

    private final List<Path> logs;
    private final Map<Path, Long> from;

    private LogErrors(List<Path> logs, Map<Path, Long> from) {
        this.logs = List.copyOf(logs);
        this.from = Map.copyOf(from);
    }

    /** The current end of each log: what is logged from now on. */
    public static LogErrors mark(List<Path> logs) {
        Map<Path, Long> ends = new HashMap<>();
        for (Path log : logs) {
            ends.put(log, size(log));
        }
        return new LogErrors(logs, ends);
    }

    /** {@code LEVEL kind} → number of lines, over every log, from the mark on. */
    public Map<String, Integer> byKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LEVEL.matcher(lines.get(i));
            if (m.matches()) {
                String kind = kind(m.group(3));
                if (kind.equals("other") && i + 1 < lines.size()) {
                    // The broker logs the exception on the line after the message, as the start of its stack trace.
                    Matcher thrown = THROWN.matcher(lines.get(i + 1));
                    kind = thrown.matches() ? thrown.group(1) : kind;
                }
                kinds.merge(m.group(1) + " " + kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    /** Lines (log lines or not, stack traces too) that name an OutOfMemoryError, from the mark on. */
    public long outOfMemoryLines() {
        return lines().stream().filter(l -> l.contains("OutOfMemoryError")).count();
    }

    static String kind(String message) {
        Matcher dead = DEAD_LETTER.matcher(message);
        if (dead.find()) {
            return "dead letter " + dead.group(1);
        }
        if (message.contains("could not be established")) {
            return "connection to a node refused";
        }
        Matcher e = EXCEPTION.matcher(message);
        if (e.find()) {
            return e.group(1);
        }
        Matcher c = CODE.matcher(message);
        return c.find() ? c.group(1) : "other";
    }

    private List<String> lines() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        for (Path log : logs) {
            if (!Files.exists(log)) {
                continue;
            }
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long start = Math.min(from.getOrDefault(log, 0L), f.length());
                byte[] bytes = new byte[(int) (f.length() - start)];
                f.seek(start);
                f.readFully(bytes);
                lines.addAll(new String(bytes, StandardCharsets.UTF_8).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
