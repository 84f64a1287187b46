package io.sensuspush.cli;

import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.SasToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Prints the SAS token the azure gateway would send (contract §4), for trying a hub by hand,
 * e.g. with curl. Option values also come from the same {@code SENSUS_PUSH_HUB_*} variables and
 * config keys as the gateway's options.
 */
@Command(name = "sas", mixinStandardHelpOptions = true, description = "Print a Shared Access Signature token for an Azure notification hub "
        + "(key from " + AzureOptions.KEY_ENV + " or --key-file).")
final class SasCommand implements Callable<Integer> {
    @ParentCommand
    SensusPushCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"--namespace", "--hub-namespace"}, paramLabel = "NAMESPACE",
            description = "Service Bus namespace (<NAMESPACE>.servicebus.windows.net).")
    String namespace;

    @Option(names = {"--hub", "--hub-name"}, paramLabel = "HUB", description = "Notification hub name.")
    String hub;

    @Option(names = {"--key-name", "--hub-key-name"}, paramLabel = "NAME", defaultValue = AzureConfig.DEFAULT_KEY_NAME,
            description = "Shared access policy name. Default: ${DEFAULT-VALUE}")
    String keyName;

    @Option(names = {"--key-file", "--hub-key-file"}, paramLabel = "FILE",
            description = "File holding the policy's key (else " + AzureOptions.KEY_ENV + ").")
    Path keyFile;

    @Option(names = {"--endpoint", "--hub-endpoint"}, paramLabel = "URL",
            description = "Base URL replacing https://<NAMESPACE>.servicebus.windows.net (the token is signed for it).")
    URI endpoint;

    @Option(names = {"--ttl", "--hub-sas-ttl"}, paramLabel = "DURATION", defaultValue = "60m", converter = Durations.class,
            description = "Validity from now (e.g. 60m, 2h, PT1H). Default: ${DEFAULT-VALUE}")
    Duration ttl;

    @Option(names = "--expiry", paramLabel = "UNIX_SECONDS", description = "Exact expiry instead of --ttl.")
    Long expiry;

    @Override
    public Integer call() {
        if (hub == null || hub.isBlank()) {
            throw new IllegalArgumentException("--hub is required");
        }
        URI base = AzureOptions.hubEndpoint(endpoint, namespace);
        if (base == null) {
            throw new IllegalArgumentException("--namespace (or --endpoint) is required");
        }
        if (expiry != null && spec.commandLine().getParseResult().hasMatchedOption("--ttl")) {
            throw new IllegalArgumentException("give --ttl or --expiry, not both");
        }
        if (expiry != null && expiry <= 0) {
            throw new IllegalArgumentException("--expiry must be Unix seconds, not " + expiry);
        }
        long se = expiry != null ? expiry : Instant.now().plus(ttl).getEpochSecond();
        String key = AzureOptions.readKey(keyFile, parent.env, "--key-file");
        // Validates hub name, key name and endpoint the same way the gateway does.
        AzureConfig config = new AzureConfig(base, hub.strip(), keyName, key, null, null, null, 0);
        PrintWriter out = spec.commandLine().getOut();
        out.println(SasToken.create(config.resource(), config.keyName(), config.key(), se));
        out.flush();
        return 0;
    }
}
