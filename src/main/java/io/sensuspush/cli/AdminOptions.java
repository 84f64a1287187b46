package io.sensuspush.cli;

import io.sensuspush.admin.AdminServer;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;

/** {@code --admin-port} and {@code --admin-bind} of {@code serve}; the token comes from the environment only. */
public final class AdminOptions {
    /** Environment variable holding the admin bearer token (a secret: never an option, never logged). */
    public static final String TOKEN_ENV = "SENSUS_PUSH_ADMIN_TOKEN";

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the admin server (status page, /metrics, /healthz, /readyz); "
                    + "0 picks a free port, -1 turns the server off. Default: ${DEFAULT-VALUE}")
    int adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the admin server listens on. Beyond loopback (e.g. 0.0.0.0 in a container) "
                    + "every route but /healthz needs the bearer token from " + TOKEN_ENV + ". Default: ${DEFAULT-VALUE}")
    String adminBind;

    /** The admin server's settings, or empty when it is turned off. */
    Optional<AdminServer.Config> config(Map<String, String> env) {
        if (adminPort == -1) {
            return Optional.empty();
        }
        if (adminPort < 0 || adminPort > 65_535) {
            throw new IllegalArgumentException("--admin-port must be between 0 and 65535, or -1 to turn it off");
        }
        return Optional.of(new AdminServer.Config(adminBind, adminPort, env.get(TOKEN_ENV)));
    }
}
