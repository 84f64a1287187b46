package io.sensuspush.ops;

import io.sensuspush.contract.Format;

/**
 * A device an operator's command addresses: what a request needs to reach it (protocol and format
 * come from its token file, or from a {@code devices} line).
 */
public record Device(String device, String protocol, Format format) {
}
