package io.sensuspush.admin;

import io.sensuspush.gateway.DeliveryResult;
import io.sensuspush.gateway.PushTarget;
import io.sensuspush.pass.PassObserver;
import io.sensuspush.pass.PassSummary;
import io.sensuspush.plan.Plan;

import java.time.Duration;
import java.util.List;

/** Tells several observers, in order, what a pass does. */
public record ObserverGroup(List<PassObserver> observers) implements PassObserver {
    @Override
    public void planned(Plan plan) {
        observers.forEach(o -> o.planned(plan));
    }

    @Override
    public void delivered(String gateway, PushTarget target, boolean update, DeliveryResult result, Duration latency) {
        observers.forEach(o -> o.delivered(gateway, target, update, result, latency));
    }

    @Override
    public void passed(PassSummary summary) {
        observers.forEach(o -> o.passed(summary));
    }

    @Override
    public void failed(Exception error) {
        observers.forEach(o -> o.failed(error));
    }
}
