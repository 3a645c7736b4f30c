package io.listgate.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a client command reaches the server and signs in: the same credentials as any API client's. */
final class ApiOptions {

    @Option(names = "--url", required = true, paramLabel = "URL", description = "the server, e.g. https://listgate.example.com:8443")
    URI url;

    @Option(names = "--user", paramLabel = "USERNAME", description = "the API user (not with --oauth-client)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "a file holding the password; else LISTGATE_PASSWORD, else asked on the terminal")
    Path passwordFile;

    @Option(names = "--oauth-client", paramLabel = "CLIENT_ID",
            description = "sign in as this OAuth application (secret and refresh token from the files below or"
                    + " LISTGATE_OAUTH_CLIENT_SECRET and LISTGATE_OAUTH_REFRESH_TOKEN)")
    String oauthClient;

    @Option(names = "--oauth-secret-file", paramLabel = "FILE", description = "a file holding the OAuth client secret")
    Path oauthSecretFile;

    @Option(names = "--oauth-refresh-token-file", paramLabel = "FILE", description = "a file holding the OAuth refresh token")
    Path oauthRefreshTokenFile;

    @Option(names = "--insecure", description = "accept any TLS certificate (the generated self-signed one)")
    boolean insecure;

    /** The user's password: from the file, the environment, or the terminal, in that order. */
    String password() {
        if (passwordFile != null) {
            return firstLine(passwordFile, "--password-file");
        }
        String fromEnv = System.getenv("LISTGATE_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        if (System.console() != null) {
            return new String(System.console().readPassword("Password of %s: ", user));
        }
        throw new ClientException(ListGateCommand.USAGE, "no password: give --password-file or set LISTGATE_PASSWORD");
    }

    String oauthSecret() {
        return secret(oauthSecretFile, "--oauth-secret-file", "LISTGATE_OAUTH_CLIENT_SECRET");
    }

    String oauthRefreshToken() {
        return secret(oauthRefreshTokenFile, "--oauth-refresh-token-file", "LISTGATE_OAUTH_REFRESH_TOKEN");
    }

    /** Who signs in, for messages: never a secret. */
    String who() {
        return Optional.ofNullable(user).orElse("OAuth client " + oauthClient);
    }

    void check() {
        if ((user == null) == (oauthClient == null)) {
            throw new ClientException(ListGateCommand.USAGE, "give either --user or --oauth-client");
        }
    }

    private static String secret(Path file, String option, String variable) {
        if (file != null) {
            return firstLine(file, option);
        }
        String fromEnv = System.getenv(variable);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw new ClientException(ListGateCommand.USAGE, "give " + option + " or set " + variable);
        }
        return fromEnv;
    }

    private static String firstLine(Path file, String option) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new ClientException(ListGateCommand.USAGE, option + " " + file + " is empty"));
        } catch (IOException e) {
            throw new ClientException(ListGateCommand.USAGE, "cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }
}
