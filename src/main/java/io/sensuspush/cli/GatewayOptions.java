package io.sensuspush.cli;

import io.sensuspush.gateway.Gateway;
import io.sensuspush.gateway.LogGateway;
import io.sensuspush.gateway.RateLimitedGateway;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;

/** {@code --gateway} and the settings of each gateway. */
public final class GatewayOptions {
    public enum Kind { azure, log, direct }

    @Option(names = "--gateway", paramLabel = "azure|direct|log", defaultValue = "log",
            description = "Where notifications go: azure (Notification Hubs), direct (FCM and APNs) or log (print them, deliver nothing). "
                    + "Default: ${DEFAULT-VALUE}")
    Kind gateway;

    @Option(names = "--max-push-rate", paramLabel = "PER-SECOND", defaultValue = "0",
            description = "Send at most this many pushes per second (0: no limit beyond --concurrency), so a "
                    + "backlog drains without hammering the push service. Default: ${DEFAULT-VALUE}")
    double maxPushRate;

    @Mixin
    AzureOptions azure = new AzureOptions();

    @Mixin
    DirectOptions direct = new DirectOptions();

    /** Builds the configured gateway; secrets come from {@code env} or files, never from options. */
    public Gateway open(Map<String, String> env, PrintWriter out) {
        if (maxPushRate < 0) {
            throw new IllegalArgumentException("--max-push-rate must not be negative");
        }
        Gateway chosen = switch (gateway) {
            case log -> new LogGateway(out);
            case azure -> azure.open(env);
            case direct -> direct.open(env);
        };
        return Wiring.wrap(maxPushRate > 0 ? new RateLimitedGateway(chosen, maxPushRate) : chosen);
    }
}
