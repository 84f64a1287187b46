package io.sensuspush.cli;

import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.metrics.PassMetrics;
import io.sensuspush.pass.PassObserver;
import io.sensuspush.plan.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-request detail at DEBUG ({@code --verbose}): each planned push and deletion, each waiting request's due
 * time, and each push's outcome and latency. Tokens appear abbreviated ({@link PushTarget#toString()}).
 */
final class RequestLog implements PassObserver {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    @Override
    public void planned(Plan plan) {
        if (!log.isDebugEnabled()) {
            return;
        }
        plan.rejections().forEach(r -> log.debug("reject {}", r.reason()));
        plan.firstDeletions().forEach(d -> log.debug("delete {} ({})", d.key(), d.reason().label()));
        plan.laterDeletions().forEach(d -> log.debug("delete {} ({})", d.key(), d.reason().label()));
        plan.newUpdateFiles().forEach(f -> log.debug("pack {} update(s) for device {} from {}",
                f.entries().size(), f.device(), f.packedRequestKeys()));
        plan.userPushes().forEach(p -> log.debug("push request {} to device {} (time {})", p.key(),
                p.request().device(), Instant.ofEpochSecond(p.request().time())));
        plan.pacedRequests().forEach(r -> log.debug("hold request {} of device {}: pushed within the re-push interval",
                r.backendKey(), r.device()));
        plan.updatePushes().forEach(p -> log.debug("push update notification to device {}", p.device()));
        plan.waiting().forEach(r -> log.debug("wait: request {} of device {} is due at {}", r.backendKey(),
                r.device(), Instant.ofEpochSecond(r.time())));
    }

    @Override
    public void delivered(String gateway, PushTarget target, boolean update, DeliveryResult result, Duration latency) {
        log.debug("{} push to {} through {}: {} in {} ms", update ? "update" : "user", target, gateway,
                PassMetrics.outcome(result), latency.toMillis());
    }
}
