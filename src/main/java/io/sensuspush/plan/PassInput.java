package io.sensuspush.plan;

import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a pass decides from: the mailbox as read, the clock, the settings and the push history.
 *
 * @param requests    every request file
 * @param tokens      token files by device id (only the valid ones)
 * @param updateFiles keys of existing update files by device id (files not yet read by the app)
 */
public record PassInput(
        List<RequestFile> requests,
        Map<String, TokenFile> tokens,
        Map<String, List<String>> updateFiles,
        Instant now,
        PassSettings settings,
        PushHistory history) {
}
