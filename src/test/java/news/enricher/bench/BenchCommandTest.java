package news.enricher.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code bench} refuses before it starts a broker. */
class BenchCommandTest {

    @TempDir
    Path out;

    @Test
    void refusesALatencyLegWhoseRateWouldComeFromAServiceConfiguredOtherwise() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));

        // Trends are on by default, so the rate must come from trends-eos, which is not run.
        int exit = command.execute("--out", out.resolve("bench").toString(), "--legs", "enrich-eos,latency");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("half the peak of trends-eos");
        assertThat(Files.exists(out.resolve("bench"))).isFalse();
    }

    @Test
    void namesTheTrendsOffEnricherAsThePeakLegWhenTrendsAreOff() {
        assertThat(BenchCommand.latencyPeakLeg(false)).isEqualTo(BenchCommand.ENRICH_EOS);
        assertThat(BenchCommand.latencyPeakLeg(true)).isEqualTo(BenchCommand.TRENDS_EOS);
    }
}
