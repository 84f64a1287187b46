package io.sensuspush.cli;

import io.sensuspush.gateway.azure.AndroidFormat;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Azure Notification Hubs settings of {@code --gateway azure}. The hub key is a secret: it
 * comes from a file ({@code --hub-key-file}) or the environment ({@value #KEY_ENV}), never from an
 * option value (which would show in {@code ps} and shell history), and is never printed.
 */
public final class AzureOptions {
    public static final String KEY_ENV = "SENSUS_PUSH_HUB_KEY";

    @Option(names = "--hub-namespace", paramLabel = "NAMESPACE",
            description = "Azure Service Bus namespace of the notification hub (<NAMESPACE>.servicebus.windows.net).")
    String namespace;

    @Option(names = "--hub-name", paramLabel = "HUB", description = "Notification hub name.")
    String hubName;

    @Option(names = "--hub-key-name", paramLabel = "NAME", defaultValue = AzureConfig.DEFAULT_KEY_NAME,
            description = "Shared access policy name. Default: ${DEFAULT-VALUE}")
    String keyName;

    @Option(names = "--hub-key-file", paramLabel = "FILE",
            description = "File holding the policy's key (else the environment variable " + KEY_ENV + ").")
    Path keyFile;

    @Option(names = "--hub-endpoint", paramLabel = "URL",
            description = "Base URL of the hub service, replacing https://<NAMESPACE>.servicebus.windows.net "
                    + "(a proxy, or a local test hub).")
    URI endpoint;

    @Option(names = "--hub-android-format", paramLabel = "fcmv1|gcm", defaultValue = "fcmv1",
            description = "How the hub delivers to Android: fcmv1 (FCM v1) or gcm (legacy FCM, retired by Google). "
                    + "Default: ${DEFAULT-VALUE}")
    AndroidFormat androidFormat;

    @Option(names = "--hub-sas-ttl", paramLabel = "DURATION", defaultValue = "60m", converter = Durations.class,
            description = "Lifetime of each SAS token (e.g. 60m, 2h, PT1H). Default: ${DEFAULT-VALUE}")
    Duration sasTtl;

    /** The hub settings; {@link IllegalArgumentException} naming the missing option or variable. */
    public AzureConfig config(Map<String, String> env) {
        if (hubName == null || hubName.isBlank()) {
            throw new IllegalArgumentException("--hub-name is required for --gateway azure");
        }
        URI base = hubEndpoint(endpoint, namespace);
        if (base == null) {
            throw new IllegalArgumentException("--hub-namespace (or --hub-endpoint) is required for --gateway azure");
        }
        if (sasTtl.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("--hub-sas-ttl must be at least 10s, not " + sasTtl);
        }
        String key = readKey(keyFile, env, "--hub-key-file");
        return new AzureConfig(base, hubName.strip(), keyName, key, androidFormat, sasTtl,
                AzureConfig.DEFAULT_REQUEST_TIMEOUT, AzureConfig.DEFAULT_MAX_RETRIES);
    }

    public AzureGateway open(Map<String, String> env) {
        return new AzureGateway(config(env));
    }

    /** {@code endpoint} when given, else the namespace's {@code https://<namespace>.servicebus.windows.net}; null when neither is. */
    static URI hubEndpoint(URI endpoint, String namespace) {
        if (endpoint != null) {
            return endpoint;
        }
        return namespace != null && !namespace.isBlank() ? AzureConfig.namespaceEndpoint(namespace.strip()) : null;
    }

    /**
     * The hub key from {@code keyFile} (surrounding whitespace dropped) or else from {@value #KEY_ENV}.
     * Messages name the file or variable, never the key.
     */
    static String readKey(Path keyFile, Map<String, String> env, String keyFileOption) {
        String key;
        if (keyFile != null) {
            try {
                key = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read hub key file " + keyFile + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("hub key file " + keyFile + " is empty");
            }
            return key;
        }
        key = env.get(KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no hub key: set " + KEY_ENV + " or " + keyFileOption);
        }
        return key.strip();
    }
}
