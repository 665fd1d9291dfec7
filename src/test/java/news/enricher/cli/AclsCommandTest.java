package news.enricher.cli;

import news.enricher.acl.AclSet;
import news.enricher.acl.Role;
import news.enricher.config.ConfigLoader;
import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Printing needs no cluster: the set comes from the configuration alone. */
class AclsCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheSetDerivedFromTheGivenConfigurationWithoutConnecting() throws IOException {
        Path config = Files.writeString(dir.resolve("enricher.properties"), """
                bootstrap.servers=127.0.0.1:1
                application.id=team-enricher
                enricher.topic.raw=team.raw
                enricher.theme.topic-prefix=team.theme.
                """);
        EnricherConfig loaded = ConfigLoader.load(config, Map.of());

        Run run = run("acls", "--config", config.toString(), "--principal", "User:svc-enricher");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(AclSet.render("User:svc-enricher", Role.ENRICHER, loaded,
                AclSet.enricher(loaded)));
        assertThat(run.out()).contains(" team.raw ", " team.theme. ", " team-enricher- ")
                .doesNotContain(EnricherConfig.DEFAULTS.get(EnricherConfig.RAW_TOPIC));
    }

    @Test
    void aReadersGroupIsLiteralWhenNamed() {
        Run run = run("acls", "--principal", "User:team", "--role", "reader", "--group", "team-news");

        EnricherConfig defaults = EnricherConfig.defaults();
        assertThat(run.out()).isEqualTo(AclSet.render("User:team", Role.READER, defaults,
                AclSet.reader(defaults, "team-news", PatternType.LITERAL)));
    }

    @Test
    void refusesAPrincipalWithoutTypeAndAGroupForAnotherRole() {
        assertThat(run("acls", "--principal", "enricher").err()).contains("--principal must look like User:NAME");
        assertThat(run("acls", "--principal", "enricher").exit()).isEqualTo(2);
        assertThat(run("acls", "--principal", "User:c", "--role", "crawler", "--group", "g").err())
                .contains("--group applies to --role reader only");
    }
}
