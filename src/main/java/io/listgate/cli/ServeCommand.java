package io.listgate.cli;

import io.listgate.ListGateMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code listgate serve}: the server, configured by LISTGATE_CONFIG and LISTGATE_* variables. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server (configuration: the LISTGATE_CONFIG file and LISTGATE_* variables).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return ListGateMain.serve();
    }
}
