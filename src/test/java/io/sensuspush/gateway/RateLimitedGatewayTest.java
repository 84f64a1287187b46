package io.sensuspush.gateway;

import io.sensuspush.contract.Format;
import io.sensuspush.contract.Notification;
import io.sensuspush.gateway.azure.AzureConfig;
import io.sensuspush.gateway.azure.AzureGateway;
import io.sensuspush.testing.AzureHubStandIn;
import io.sensuspush.util.Parallel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedGatewayTest {
    @Test
    void concurrentPushesAreSpacedToTheRateAtTheHub() {
        try (AzureHubStandIn hub = AzureHubStandIn.start("hub", AzureConfig.DEFAULT_KEY_NAME, "key");
             Gateway gateway = new RateLimitedGateway(new AzureGateway(AzureConfig.of("x", "hub",
                     AzureConfig.DEFAULT_KEY_NAME, "key").withEndpoint(hub.endpoint())), 20)) {
            List<Integer> pushes = IntStream.range(0, 21).boxed().toList();
            List<DeliveryResult> results = Parallel.map(pushes, 16, i -> gateway.deliver(
                    new PushTarget("d" + i, Format.APPLE, "T" + i, Instant.now().plusSeconds(60)),
                    new Notification("id" + i, "p", "", true, "", "", "")));

            assertThat(results).allMatch(DeliveryResult::delivered);
            List<Instant> arrivals = hub.pushes().stream().map(AzureHubStandIn.Push::receivedAt)
                    .sorted(Comparator.naturalOrder()).toList();
            assertThat(arrivals).hasSize(21);
            // 21 pushes at 20 per second cannot all arrive within less than a second (16 were sent at once).
            assertThat(Duration.between(arrivals.getFirst(), arrivals.getLast()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }
}
