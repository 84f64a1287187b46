package io.sensuspush.cli;

import io.sensuspush.gateway.DirectGateway;
import io.sensuspush.gateway.InCallRetries;
import io.sensuspush.gateway.apns.ApnsGateway;
import io.sensuspush.gateway.apns.ApnsSettings;
import io.sensuspush.gateway.fcm.FcmGateway;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Settings of {@code --gateway direct}: FCM HTTP v1 for {@code gcm} tokens, APNs for {@code apple} tokens. */
public final class DirectOptions {
    /** The .p12 password is a secret: it comes from the environment only. */
    static final String P12_PASSWORD_ENV = "SENSUS_PUSH_APNS_P12_PASSWORD";

    @Option(names = "--fcm-service-account", paramLabel = "FILE",
            description = "Firebase service-account key (JSON). Enables FCM delivery for gcm devices.")
    Path fcmServiceAccount;

    @Option(names = "--fcm-project", paramLabel = "ID",
            description = "Firebase project id (default: the service account's project_id).")
    String fcmProject;

    @Option(names = "--fcm-endpoint", paramLabel = "URL", defaultValue = "https://fcm.googleapis.com",
            description = "FCM API base URL. Default: ${DEFAULT-VALUE}")
    URI fcmEndpoint;

    @Option(names = "--apns-key", paramLabel = "FILE",
            description = "APNs token-authentication key (.p8). Enables APNs delivery for apple devices.")
    Path apnsKey;

    @Option(names = "--apns-key-id", paramLabel = "ID", description = "Key id of the .p8 key.")
    String apnsKeyId;

    @Option(names = "--apns-team-id", paramLabel = "ID", description = "Apple developer team id.")
    String apnsTeamId;

    @Option(names = "--apns-topic", paramLabel = "BUNDLE-ID", description = "The app's bundle id.")
    String apnsTopic;

    @Option(names = "--apns-sandbox", description = "Use Apple's development (sandbox) APNs environment.")
    boolean apnsSandbox;

    @Option(names = "--apns-endpoint", paramLabel = "HOST:PORT",
            description = "Connect to this host instead of Apple's (proxies, tests).")
    String apnsEndpoint;

    @Option(names = "--apns-ca", paramLabel = "FILE",
            description = "Extra CA certificate (PEM) trusted for the APNs connection.")
    Path apnsCa;

    @Option(names = "--apns-p12", paramLabel = "FILE",
            description = "APNs client certificate (.p12) instead of --apns-key; password from " + P12_PASSWORD_ENV + ".")
    Path apnsP12;

    /** Builds the direct gateway from whichever platforms are configured. */
    DirectGateway open(Map<String, String> env) {
        return open(env, InCallRetries.standard());
    }

    DirectGateway open(Map<String, String> env, InCallRetries retries) {
        if (fcmServiceAccount == null && apnsKey == null && apnsP12 == null) {
            throw new IllegalArgumentException("--gateway direct needs --fcm-service-account FILE (Android) and/or "
                    + "--apns-key FILE with --apns-key-id, --apns-team-id and --apns-topic (iOS)");
        }
        if (apnsKey != null && apnsP12 != null) {
            throw new IllegalArgumentException("give either --apns-key or --apns-p12, not both");
        }
        FcmGateway fcm = fcmServiceAccount == null ? null
                : FcmGateway.fromServiceAccount(fcmServiceAccount, fcmProject, fcmEndpoint, retries);
        ApnsGateway apns = null;
        if (apnsKey != null || apnsP12 != null) {
            ApnsSettings settings = new ApnsSettings(apnsKey, apnsKeyId, apnsTeamId, apnsP12, env.get(P12_PASSWORD_ENV),
                    apnsTopic, apnsSandbox, apnsEndpoint, apnsCa);
            try {
                apns = ApnsGateway.open(settings, retries);
            } catch (RuntimeException e) {
                if (fcm != null) {
                    fcm.close();
                }
                throw e;
            }
        }
        return new DirectGateway(fcm, apns);
    }
}
