package io.listgate.cli;

import io.listgate.ListGateMain;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of {@code listgate}: with no command it serves, as the start command always did. */
@Command(name = "listgate", mixinStandardHelpOptions = true, versionProvider = ListGateCommand.Version.class,
        description = "ListGate: the server, and a client for imports, job status and lists.",
        subcommands = {ServeCommand.class, ImportCommand.class, StatusCommand.class, CancelCommand.class,
            ListsCommand.class, UsersCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (an import: COMPLETE)", "1:an import ended ERROR or CANCELED",
            "2:bad command line or configuration", "3:the server refused or could not be reached"})
public final class ListGateCommand implements Callable<Integer> {

    /** What {@link #run} answers once the server runs: the JVM stays up for its threads. */
    public static final int SERVING = -1;
    static final int JOB_FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    /** Runs the command {@code args} name; its exit code, or {@link #SERVING}. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        return code == 0 && serving(cli) ? SERVING : code;
    }

    /** Whether {@code args} name a client command (anything but serving), before they are parsed. */
    public static boolean isClient(String... args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return !arg.equals("serve");
            }
        }
        return false;
    }

    static CommandLine commandLine() {
        return new CommandLine(new ListGateCommand())
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    // Expected failures are one line for the person at the terminal, never a stack trace.
                    if (e instanceof ClientException client) {
                        cli.getErr().println("listgate: " + client.getMessage());
                        return client.exitCode();
                    }
                    throw e;
                });
    }

    private static boolean serving(CommandLine cli) {
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (parsed == null || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return false;
        }
        return !parsed.hasSubcommand() || parsed.subcommand().commandSpec().userObject() instanceof ServeCommand;
    }

    @Override
    public Integer call() {
        return ListGateMain.serve();
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ListGateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ListGate " + (version == null ? "(development build)" : version)};
        }
    }
}
