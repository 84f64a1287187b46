package io.sensuspush.e2e;

import io.sensuspush.cli.Main;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.ApnsStandIn;
import io.sensuspush.testing.FcmStandIn;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end study of {@link AzureEndToEndTest}, unchanged, through {@code run --gateway direct}:
 * Android pushes reach the FCM stand-in, iOS pushes reach Pushy's mock APNs server over TLS with
 * token authentication, and both match the contract.
 */
class DirectEndToEndTest {
    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    @Test
    void aGeneratedStudyComesOutExactlyAsTheContractSaysThroughFcmAndApns() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start();
             FcmStandIn fcm = FcmStandIn.start();
             ApnsStandIn apns = ApnsStandIn.start()) {
            s3.createBucket("direct-study");
            ExampleStudy.Expected expected;
            Map<String, TokenFile> tokens;
            try (ObjectStore store = s3.store("direct-study", "push-notifications")) {
                expected = ExampleStudy.write(store, new ExampleStudy.Spec(120, 8, 11, NOW, Duration.ofMinutes(6)), 16);
                tokens = new Mailbox(store, 16).readTokens().byDevice();
            }
            tokens.values().stream().filter(t -> t.format() == Format.APPLE && t.hasToken())
                    .forEach(t -> apns.register(t.token()));
            Path serviceAccount = fcm.writeServiceAccount(dir);

            System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code;
            try {
                code = Main.execute(new String[]{"run", "--store", "s3://direct-study",
                                "--s3-endpoint", s3.endpoint().toString(), "--s3-region", S3ProxyServer.REGION,
                                "--now", NOW.toString(), "--gateway", "direct",
                                "--fcm-service-account", serviceAccount.toString(), "--fcm-endpoint", fcm.endpoint().toString(),
                                "--apns-key", ApnsStandIn.signingKeyFile().toString(), "--apns-key-id", ApnsStandIn.KEY_ID,
                                "--apns-team-id", ApnsStandIn.TEAM_ID, "--apns-topic", ApnsStandIn.TOPIC,
                                "--apns-endpoint", apns.endpoint(), "--apns-ca", ApnsStandIn.caFile().toString()},
                        Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
            assertThat(code).as(err.toString()).isZero();
            assertThat(fcm.refusals()).as("the FCM stand-in's own checks").isEmpty();
            assertThat(apns.rejected()).as("the APNs mock's own checks").isEmpty();

            List<StudyOutcome.Received> received = new ArrayList<>();
            fcm.accepted().forEach(m -> received.add(new StudyOutcome.Received(Format.GCM, m.get("token").asText(),
                    StudyOutcome.dataFields(m.get("data")))));
            for (ApnsStandIn.Accepted a : apns.accepted()) {
                var body = ContractJson.MAPPER.readTree(a.payload());
                String handle = tokens.values().stream().map(TokenFile::token)
                        .filter(t -> t.toLowerCase(Locale.ROOT).equals(a.token().toLowerCase(Locale.ROOT))).findFirst().orElse(a.token());
                received.add(new StudyOutcome.Received(Format.APPLE, handle, StudyOutcome.apnsFields(body)));
                boolean update = body.get("update").asText().equals("true");
                assertThat(a.pushType()).isEqualTo(update ? "background" : "alert");
                assertThat(a.priority()).isEqualTo(update ? "5" : "10");
            }
            StudyOutcome.assertPushes(received, expected, tokens);
            try (ObjectStore store = s3.store("direct-study", "push-notifications")) {
                StudyOutcome.assertMailbox(store, expected, tokens);
            }
            assertThat(out.toString()).contains("failed 0");
        }
    }
}
