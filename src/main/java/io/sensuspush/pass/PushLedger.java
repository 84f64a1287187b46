package io.sensuspush.pass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.plan.PushHistory;
import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend's memory of deliveries, kept in the store at {@value #KEY} (under the prefix, where the
 * app never looks) so that it holds across passes, restarts of {@code serve}, and {@code run}s from cron:
 * <ul>
 *   <li>when each request and each device's unread-updates notification was last delivered (re-push pacing);</li>
 *   <li>which device tokens a push service declared dead. Only a fingerprint of the token is kept: when the
 *       app registers a new token (overwriting its token file), the fingerprint no longer matches and pushes
 *       resume.</li>
 * </ul>
 */
public final class PushLedger implements PushHistory {
    public static final String KEY = Mailbox.BACKEND + "push-history.json";
    private static final Logger log = LoggerFactory.getLogger(PushLedger.class);

    /** A token a service refused as dead: its fingerprint, since when, and the service's reason. */
    public record DeadToken(String fingerprint, Instant since, String reason) {
    }

    private final Map<String, Instant> lastPushed = new ConcurrentHashMap<>();
    private final Map<String, DeadToken> deadTokens = new ConcurrentHashMap<>();
    /** Bumped on every change; {@link #save} writes only when it moved since the last save. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private long saved;

    @Override
    public Instant lastPushed(String key) {
        return lastPushed.get(key);
    }

    @Override
    public boolean isDead(TokenFile token) {
        DeadToken dead = deadTokens.get(token.device());
        return dead != null && dead.fingerprint().equals(fingerprint(token.token()));
    }

    public void record(String key, Instant when) {
        lastPushed.put(key, when);
        changes.incrementAndGet();
    }

    /** Remembers that {@code token} of {@code device} is dead; pushes to it stop until the token changes. */
    public void markDead(String device, String token, String reason, Instant when) {
        deadTokens.put(device, new DeadToken(fingerprint(token), when, reason));
        changes.incrementAndGet();
    }

    /** Dead tokens by device, for reports. */
    public Map<String, DeadToken> deadTokens() {
        return Map.copyOf(deadTokens);
    }

    /**
     * Forgets what is no longer needed so the state stays small: push times of requests and update folders
     * that are gone, and dead tokens that their device has since replaced (or removed).
     */
    public void retainOnly(Set<String> liveKeys, Map<String, TokenFile> tokens) {
        boolean changed = lastPushed.keySet().retainAll(liveKeys);
        changed |= deadTokens.entrySet().removeIf(e -> {
            TokenFile t = tokens.get(e.getKey());
            return t == null || !e.getValue().fingerprint().equals(fingerprint(t.token()));
        });
        if (changed) {
            changes.incrementAndGet();
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
                for (Iterator<Map.Entry<String, JsonNode>> it = root.path("pushed").fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().canConvertToLong()) {
                        ledger.lastPushed.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong()));
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = root.path("dead-tokens").fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode d = e.getValue();
                    ledger.deadTokens.put(e.getKey(), new DeadToken(d.path("token").asText(),
                            Instant.ofEpochMilli(d.path("since").asLong()), d.path("reason").asText()));
                }
            } catch (Exception e) {
                log.warn("{}: unreadable push history, starting afresh ({})", KEY, e.getMessage());
            }
        });
        return ledger;
    }

    /** Writes the ledger back if it changed (passes that overlap in one process may both call this). */
    public synchronized void save(ObjectStore store) {
        long version = changes.get();
        if (version == saved) {
            return;
        }
        ObjectNode root = ContractJson.MAPPER.createObjectNode();
        ObjectNode pushed = root.putObject("pushed");
        new TreeMap<>(lastPushed).forEach((k, v) -> pushed.put(k, v.toEpochMilli()));
        ObjectNode dead = root.putObject("dead-tokens");
        new TreeMap<>(deadTokens).forEach((device, d) -> dead.putObject(device)
                .put("token", d.fingerprint()).put("since", d.since().toEpochMilli()).put("reason", d.reason()));
        store.put(KEY, ContractJson.bytes(root));
        saved = version;
    }

    /** A short one-way fingerprint: enough to tell tokens apart, useless to push with. */
    static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
