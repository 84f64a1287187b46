package io.sensuspush.e2e;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.example.ExampleStudy;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.pass.PassRunner;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.DeleteReason;
import io.sensuspush.plan.PassSettings;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated study (hundreds of devices, thousands of requests of every kind, both platforms) goes
 * through one pass on S3 (S3Proxy) and the Azure hub stand-in; the bucket and the pushes must be
 * exactly what contract §2 says.
 */
class AzureEndToEndTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String HUB_KEY = "k3y/with+chars=";
    static S3ProxyServer s3;
    static AzureHubStandIn hub;

    @BeforeAll
    static void start() {
        s3 = S3ProxyServer.start();
        hub = AzureHubStandIn.start("study-hub", AzureConfig.DEFAULT_KEY_NAME, HUB_KEY);
    }

    @AfterAll
    static void stop() {
        hub.close();
        s3.close();
    }

    @Test
    void theRunCommandDeliversThroughAzureFromAnS3Bucket() throws Exception {
        s3.createBucket("cli-study");
        ExampleStudy.Expected expected;
        try (ObjectStore store = s3.store("cli-study", "push-notifications")) {
            expected = ExampleStudy.write(store, new ExampleStudy.Spec(20, 7, 3, NOW, Duration.ofMinutes(6)), 8);
        }
        int before = hub.pushes().size();
        // The AWS SDK's default credential chain reads these system properties.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        try {
            var out = new java.io.StringWriter();
            var err = new java.io.StringWriter();
            int code = io.sensuspush.cli.Main.execute(new String[]{"run", "--store", "s3://cli-study",
                            "--s3-endpoint", s3.endpoint().toString(), "--s3-region", S3ProxyServer.REGION,
                            "--gateway", "azure", "--hub-namespace", "unused", "--hub-name", "study-hub",
                            "--hub-endpoint", hub.endpoint().toString(), "--now", NOW.toString()},
                    Map.of("SENSUS_PUSH_HUB_KEY", HUB_KEY), new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            assertThat(code).as(err.toString()).isZero();
            int pushes = expected.userPushes().size() + expected.unacknowledgeablePushes().size();
            assertThat(out.toString()).contains("pushed " + pushes + ", update notifications "
                    + expected.updateNotifiedDevices().size()).doesNotContain(HUB_KEY);
            assertThat(err.toString()).doesNotContain(HUB_KEY);
            assertThat(hub.pushes().size() - before).isEqualTo(pushes + expected.updateNotifiedDevices().size());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aGeneratedStudyComesOutExactlyAsTheContractSays() {
        s3.createBucket("e2e-study");
        try (ObjectStore store = s3.store("e2e-study", "push-notifications");
             AzureGateway gateway = new AzureGateway(AzureConfig.of("unused", "study-hub", AzureConfig.DEFAULT_KEY_NAME, HUB_KEY)
                     .withEndpoint(hub.endpoint()))) {
            long t0 = System.nanoTime();
            ExampleStudy.Expected expected = ExampleStudy.write(store,
                    new ExampleStudy.Spec(300, 10, 7, NOW, Duration.ofMinutes(6)), 32);
            long written = System.nanoTime();
            Map<String, TokenFile> tokens = new Mailbox(store, 16).readTokens().byDevice();
            int requestFiles = new Mailbox(store, 16).listRequests().size();

            int offset = hub.pushes().size(); // pushes of earlier tests
            PassRunner runner = new PassRunner(new Mailbox(store, 32), gateway, Clock.fixed(NOW, ZoneOffset.UTC),
                    new PassRunner.Options(new PassSettings(Duration.ofMinutes(6), Duration.ofMinutes(5)), 32, false));
            long p0 = System.nanoTime();
            PassSummary summary = runner.runOnce().summary();
            double passSeconds = (System.nanoTime() - p0) / 1e9;

            System.out.printf("end-to-end: %d request files, %d devices; wrote study in %.2fs; pass %.2fs; "
                            + "%d pushes (%.0f/s over the whole pass)%n%s%n",
                    requestFiles, tokens.size(), (written - t0) / 1e9, passSeconds, hub.pushes().size() - offset,
                    (hub.pushes().size() - offset) / passSeconds, summary.oneLine());

            List<StudyOutcome.Received> received = hub.pushes().subList(offset, hub.pushes().size()).stream().map(p -> switch (p.format()) {
                case "apple" -> new StudyOutcome.Received(Format.APPLE, p.handle(), StudyOutcome.apnsFields(p.body()));
                case "fcmv1" -> new StudyOutcome.Received(Format.GCM, p.handle(),
                        StudyOutcome.dataFields(p.body().get("message").get("data")));
                default -> throw new AssertionError("unexpected format " + p.format());
            }).toList();
            StudyOutcome.assertPushes(received, expected, tokens);
            StudyOutcome.assertMailbox(store, expected, tokens);

            assertThat(summary.failed()).isZero();
            assertThat(summary.waiting()).isEqualTo(expected.waiting());
            for (DeleteReason r : DeleteReason.values()) {
                assertThat(summary.deleted().getOrDefault(r, 0)).as(r.label())
                        .isEqualTo(expected.deletedByReason().getOrDefault(r.label(), 0));
            }
            assertThat(summary.rejected()).isEqualTo(expected.rejected().size());

            // The next pass, a minute later, pushes nothing: everything due was pushed within the re-push interval.
            int before = hub.pushes().size();
            PassRunner next = new PassRunner(new Mailbox(store, 32), gateway, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC),
                    new PassRunner.Options(new PassSettings(Duration.ofMinutes(6), Duration.ofMinutes(5)), 32, false));
            PassSummary second = next.runOnce().summary();
            assertThat(hub.pushes()).hasSize(before);
            assertThat(second.paced()).isEqualTo(expected.userPushes().size() + expected.updateNotifiedDevices().size());
        }
    }
}
