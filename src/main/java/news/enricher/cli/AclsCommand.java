package news.enricher.cli;

import news.enricher.acl.AclApplier;
import news.enricher.acl.AclRule;
import news.enricher.acl.AclSet;
import news.enricher.acl.Role;
import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.resource.PatternType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Prints the least-privilege ACLs of a role, derived from the configuration (topic names, "
                + "application.id, processing.guarantee); with --apply creates the missing ones through the Admin "
                + "API (as the configured client, which must be allowed to alter ACLs). Applying again changes "
                + "nothing; nothing is ever deleted."})
final class AclsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--principal", required = true, paramLabel = "TYPE:NAME",
            description = "The principal to grant, e.g. User:enricher.")
    String principal;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "enricher",
            description = "enricher, crawler or reader. Default: ${DEFAULT-VALUE}.")
    Role role;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "A reader's consumer group. Default: every group starting with '" + TailCommand.GROUP_PREFIX
                    + "', the groups of the tail command.")
    String group;

    @Option(names = "--apply", description = "Create the missing ACLs instead of only printing them.")
    boolean apply;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int colon = principal.indexOf(':');
        if (colon < 1 || colon == principal.length() - 1) {
            throw new ParameterException(spec.commandLine(), "--principal must look like User:NAME, was '"
                    + principal + "'");
        }
        if (group != null && role != Role.READER) {
            throw new ParameterException(spec.commandLine(), "--group applies to --role reader only");
        }
        EnricherConfig config = client.config();
        List<AclRule> rules = group == null
                ? AclSet.rules(role, config, TailCommand.GROUP_PREFIX, PatternType.PREFIXED)
                : AclSet.rules(role, config, group, PatternType.LITERAL);
        PrintWriter out = spec.commandLine().getOut();
        out.print(AclSet.render(principal, role, config, rules));
        if (apply) {
            try (Admin admin = Admin.create(config.clientProperties())) {
                AclApplier.Result result = new AclApplier(admin).apply(AclSet.bindings(principal, rules));
                out.printf("Applied to %s: %d created, %d already present%n", config.bootstrapServers().orElseThrow(),
                        result.created().size(), result.present().size());
            }
        }
        out.flush();
        return 0;
    }
}
