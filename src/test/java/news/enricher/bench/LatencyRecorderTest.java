package news.enricher.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyRecorderTest {

    @Test
    void nearestRankPercentilesOfOneToAThousand() {
        long[] values = LongStream.rangeClosed(1, 1000).toArray();
        assertThat(LatencyRecorder.percentile(values, 50)).isEqualTo(500);
        assertThat(LatencyRecorder.percentile(values, 99)).isEqualTo(990);
        assertThat(LatencyRecorder.percentile(values, 99.9)).isEqualTo(999);
        assertThat(LatencyRecorder.percentile(values, 100)).isEqualTo(1000);
        assertThat(LatencyRecorder.percentile(values, 0.01)).isEqualTo(1);
    }

    @Test
    void smallSamplesUseTheNearestRankNotAnInterpolation() {
        long[] values = {10, 20, 30, 40};
        assertThat(LatencyRecorder.percentile(values, 50)).isEqualTo(20);
        assertThat(LatencyRecorder.percentile(values, 51)).isEqualTo(30);
        assertThat(LatencyRecorder.percentile(values, 99)).isEqualTo(40);
        assertThat(LatencyRecorder.percentile(new long[] {7}, 99.9)).isEqualTo(7);
    }

    @Test
    void emptyAndOutOfRange() {
        assertThat(LatencyRecorder.percentile(new long[0], 50)).isEqualTo(-1);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 100.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new LatencyRecorder().summary().p50Ms()).isNaN();
    }

    @Test
    void summaryIsInMillisecondsWhateverTheRecordingOrder() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 2000; i >= 1; i--) {
            recorder.record(i * 100_000L); // 0.1 ms .. 200 ms, recorded in reverse
        }
        LatencyRecorder.Summary s = recorder.summary();
        assertThat(s.count()).isEqualTo(2000);
        assertThat(s.p50Ms()).isEqualTo(100.0);
        assertThat(s.p99Ms()).isEqualTo(198.0);
        assertThat(s.p999Ms()).isEqualTo(199.8);
        assertThat(s.maxMs()).isEqualTo(200.0);
    }

    @Test
    void negativeSamplesCountAsZero() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(-5);
        assertThat(recorder.summary().maxMs()).isEqualTo(0.0);
    }
}
