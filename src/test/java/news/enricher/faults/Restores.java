package news.enricher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The state restores an enricher instance logged ("Restored N records of store S from T-P offsets A..B in M ms"). */
record Restores(List<Restores.Restore> all) {

    /** One store partition restored; {@code changelog} false for a global store's source topic. */
    record Restore(long at, String store, String topicPartition, long records, long fromOffset, long millis) {

        boolean changelog() {
            return topicPartition.contains("-changelog-");
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\S+) .*Restored (\\d+) records of store (\\S+) from (\\S+)"
            + " offsets (\\d+|\\?)\\.\\.\\S+ in (-?\\d+) ms");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    static Restores parse(List<String> lines) {
        List<Restore> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                long at;
                try {
                    at = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
                } catch (RuntimeException notATime) {
                    continue;
                }
                out.add(new Restore(at, m.group(3), m.group(4), Long.parseLong(m.group(2)),
                        m.group(5).equals("?") ? -1 : Long.parseLong(m.group(5)), Long.parseLong(m.group(6))));
            }
        }
        return new Restores(List.copyOf(out));
    }

    static Restores of(Path log) {
        try {
            return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The restores logged in [from, to). */
    Restores between(long from, long to) {
        return new Restores(all.stream().filter(r -> r.at() >= from && r.at() < to).toList());
    }

    /** Changelog records restored into the instance's own task stores. */
    long changelogRecords() {
        return all.stream().filter(Restore::changelog).mapToLong(Restore::records).sum();
    }

    /** Task store partitions restored from the changelog's first offset: rebuilt from scratch. */
    long fromScratch() {
        return all.stream().filter(r -> r.changelog() && r.fromOffset() == 0 && r.records() > 0).count();
    }

    /** Task store partitions restored at all (some records replayed). */
    long restored() {
        return all.stream().filter(r -> r.changelog() && r.records() > 0).count();
    }

    String describe() {
        return changelogRecords() + " changelog records into " + restored() + " store partitions (" + fromScratch()
                + " from offset 0)";
    }
}
