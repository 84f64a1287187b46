package io.sensuspush.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One element of an updates file {@code updates/<device>/<uuid>.json}: {@code {"id","type","content"}}. */
public record UpdateEntry(String id, UpdateType type, ObjectNode content) {
}
