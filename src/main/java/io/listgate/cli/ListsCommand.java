package io.listgate.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code listgate lists}: GetLists (databases, then contact lists), one line each. */
@Command(name = "lists", mixinStandardHelpOptions = true, description = "List the organization's databases and contact lists.")
final class ListsCommand implements Callable<Integer> {

    @Mixin
    ApiOptions server;

    @Override
    public Integer call() {
        try (ApiClient api = new ApiClient(server).signIn()) {
            System.out.printf("%-8s %-12s %10s %10s  %s%n", "ID", "TYPE", "SIZE", "OPTED_OUT", "NAME");
            // no VISIBILITY or LIST_TYPE: every database and contact list the organization has
            for (Map<String, String> list : api.call("<GetLists/>").records("LIST")) {
                System.out.printf("%-8s %-12s %10s %10s  %s%n", list.get("ID"),
                        "0".equals(list.get("TYPE")) ? "database" : "contact list", list.get("SIZE"),
                        list.get("NUM_OPT_OUTS"), list.get("NAME"));
            }
            return 0;
        }
    }
}
