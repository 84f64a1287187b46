package io.sensuspush.gateway;

import com.google.common.util.concurrent.RateLimiter;
import io.sensuspush.contract.Notification;

/**
 * Spaces pushes out to at most {@code pushesPerSecond} through the gateway it wraps, so that a backlog
 * (a hub back after an outage, a study's first pass) drains without hammering the push service.
 * Callers block until their turn; concurrency is bounded separately by the pass.
 */
public final class RateLimitedGateway implements Gateway {
    private final Gateway delegate;
    private final RateLimiter limiter;

    public RateLimitedGateway(Gateway delegate, double pushesPerSecond) {
        if (!(pushesPerSecond > 0)) {
            throw new IllegalArgumentException("the push rate must be positive");
        }
        this.delegate = delegate;
        this.limiter = RateLimiter.create(pushesPerSecond);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public DeliveryResult deliver(PushTarget target, Notification notification) {
        limiter.acquire();
        return delegate.deliver(target, notification);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
