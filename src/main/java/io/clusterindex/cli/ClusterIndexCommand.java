package io.clusterindex.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code cluster-index}: the product jar's entry point. Without a command it runs {@code serve}, so that
 * {@code java -jar target/cluster-index.jar} starts the service as it always did. Standard input and output and the
 * environment are fields, so that tests run commands in-process.
 */
@Command(name = "cluster-index", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class, sortOptions = false, synopsisSubcommandLabel = "[COMMAND]",
        description = {"Folds cluster lifecycle events from Kafka into a live, queryable view, and the tools around it.",
            "Without a command: serve."},
        subcommands = {ServeCommand.class, BrokerCommand.class, ProduceCommand.class, TailCommand.class, GenerateCommand.class,
                KeysCommand.class, NamespacesCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.RUNTIME_LINE, ExitCodes.USAGE_LINE, ExitCodes.DATA_LINE})
public final class ClusterIndexCommand implements Callable<Integer> {
    final InputStream stdin;
    final OutputStream stdout;
    final Map<String, String> env;
    @Spec
    CommandSpec spec;

    ClusterIndexCommand(InputStream stdin, OutputStream stdout, Map<String, String> env) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.env = env;
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].equals("serve")) {
            System.setProperty("cluster-index.log.target", "System.err");
            System.setProperty("cluster-index.kafka.log.level", "ERROR");
        }
        System.exit(commandLine(new ClusterIndexCommand(System.in, System.out, System.getenv())).execute(args));
    }

    /** The command line of {@code root}: run-time failures are one line on stderr and exit status 1. */
    static CommandLine commandLine(ClusterIndexCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof CommandFailure ? e.getMessage() : e.toString();
            cmd.getErr().println("cluster-index: " + message);
            cmd.getErr().flush();
            return ExitCodes.RUNTIME;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        return spec.subcommands().get("serve").execute();
    }
}
