package io.listgate;

import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every fixed port of the configuration, tried before anything starts: a taken one used to fail only
 * after MariaDB, FTP and SFTP were up, with a stack trace. Ports 0 (any free one) and -1 (off) are
 * not checked; another program can still take a port in the moment between the check and the start.
 */
final class PortCheck {

    private record Listener(String name, String setting, InetAddress address, int port) {
    }

    private PortCheck() {
    }

    static void requireFree(ListGateConfig config) {
        InetAddress bind = address(config.bindAddress());
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new Listener("HTTP", "LISTGATE_HTTP_PORT", bind, config.httpPort()));
        listeners.add(new Listener("HTTPS", "LISTGATE_HTTPS_PORT", bind, config.https().port()));
        listeners.add(new Listener("FTP", "LISTGATE_FTP_PORT", bind, config.ftpPort()));
        listeners.add(new Listener("SFTP", "LISTGATE_SFTP_PORT", bind, config.sftpPort()));
        if (config.externalDb().isEmpty()) {
            listeners.add(new Listener("the embedded MariaDB", "LISTGATE_EMBEDDED_DB_PORT", InetAddress.getLoopbackAddress(),
                    config.embeddedDbPort()));
        }
        Map<Integer, Listener> seen = new HashMap<>();
        for (Listener listener : listeners) {
            if (listener.port() <= 0) {
                continue;
            }
            Listener before = seen.putIfAbsent(listener.port(), listener);
            if (before != null) {
                throw new ConfigurationException(before.name() + " and " + listener.name() + " are both set to port "
                        + listener.port() + ": change " + before.setting() + " or " + listener.setting() + ".");
            }
            tryBind(listener);
        }
    }

    private static void tryBind(Listener listener) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the servers bind: a port whose last connections are still closing (TIME_WAIT) is free
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(listener.address(), listener.port()));
        } catch (IOException e) {
            throw new ConfigurationException("Port " + listener.port() + " for " + listener.name() + " on "
                    + listener.address().getHostAddress() + " is not available (" + e.getMessage() + "): another program "
                    + "uses it, or it needs privileges. Set " + listener.setting() + " (" + fileKey(listener.setting())
                    + " in the configuration file) to a free port, or stop the other program.");
        }
    }

    private static String fileKey(String variable) {
        return variable.substring("LISTGATE_".length()).toLowerCase(Locale.ROOT);
    }

    private static InetAddress address(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new ConfigurationException("LISTGATE_BIND_ADDRESS '" + bindAddress + "' is not an address of this machine: "
                    + e.getMessage());
        }
    }
}
