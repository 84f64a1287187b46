package io.sensuspush.pass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.plan.PushHistory;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each request and each device's unread-updates notification was last delivered, kept in the
 * store at {@value #KEY} (under the prefix, where the app never looks) so that re-push pacing holds
 * across passes, restarts of {@code serve}, and {@code run}s from cron.
 */
public final class PushLedger implements PushHistory {
    public static final String KEY = Mailbox.BACKEND + "push-history.json";
    private static final Logger log = LoggerFactory.getLogger(PushLedger.class);

    private final Map<String, Instant> lastPushed = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    @Override
    public Instant lastPushed(String key) {
        return lastPushed.get(key);
    }

    public void record(String key, Instant when) {
        lastPushed.put(key, when);
        dirty = true;
    }

    /** Forgets entries no longer needed (their request or update files are gone) so the state stays small. */
    public void retainOnly(Set<String> liveKeys) {
        if (lastPushed.keySet().retainAll(liveKeys)) {
            dirty = true;
        }
    }

    public int size() {
        return lastPushed.size();
    }

    /** Loads the ledger from the store; an unreadable ledger is logged and treated as empty (it only paces). */
    public static PushLedger load(ObjectStore store) {
        PushLedger ledger = new PushLedger();
        store.get(KEY).ifPresent(bytes -> {
            try {
                JsonNode root = ContractJson.MAPPER.readTree(bytes);
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().canConvertToLong()) {
                        ledger.lastPushed.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong()));
                    }
                }
            } catch (Exception e) {
                log.warn("{}: unreadable push history, starting afresh ({})", KEY, e.getMessage());
            }
        });
        return ledger;
    }

    /** Writes the ledger back if it changed. */
    public void save(ObjectStore store) {
        if (!dirty) {
            return;
        }
        ObjectNode root = ContractJson.MAPPER.createObjectNode();
        new java.util.TreeMap<>(lastPushed).forEach((k, v) -> root.put(k, v.toEpochMilli()));
        store.put(KEY, ContractJson.bytes(root));
        dirty = false;
    }
}
