package news.enricher.faults;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    private static Observed themed(int partition, long at) {
        return new Observed(Observed.Kind.THEMED, "t", partition, at, "k", "k#1", at, "x", List.of(), null, null);
    }

    @Test
    void aStallIsAttributedToTheEventItRecoveredFromNotToTheOneBefore() {
        List<Observed> out = new ArrayList<>();
        for (long t = 0; t <= 10_000; t += 100) {
            out.add(themed(0, t));
        }
        // Partition 1 stops at 4,900 (an event at 5,000) and resumes at 9,000.
        for (long t = 0; t <= 4_900; t += 100) {
            out.add(themed(1, t));
        }
        for (long t = 9_000; t <= 10_000; t += 100) {
            out.add(themed(1, t));
        }
        Timeline timeline = new Timeline(out);

        assertThat(timeline.longestPartitionStall(5_000, 20_000)).isEqualTo(4_100);
        assertThat(timeline.longestPartitionStall(0, 5_000)).isEqualTo(100);
        assertThat(timeline.longestStall(5_000, 20_000)).isEqualTo(100);
        assertThat(timeline.allPartitionsResumedAfter(5_000)).isEqualTo(9_000);
        assertThat(timeline.firstOutputAtOrAfter(5_000)).isEqualTo(5_000);
    }
}
