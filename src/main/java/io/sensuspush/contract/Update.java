package io.sensuspush.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request's {@code update}: what the app should apply when it fetches its updates. */
public record Update(UpdateType type, ObjectNode content) {
}
