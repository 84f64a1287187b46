package io.sensuspush.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.contract.Update;
import io.sensuspush.contract.UpdateEntry;
import io.sensuspush.contract.UpdateType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    static final long NOW = 1_800_000_000L;
    static final Duration LEAD = Duration.ofMinutes(6);
    static final String DEV = "7D0AB854-6FF4-4DF5-A970-CAFE81E18B30";
    static final String PROTOCOL = "9870b48d-4a0f-46e9-bda9-bfd52241a913";
    static final TokenFile TOKEN = new TokenFile(DEV, PROTOCOL, Format.APPLE, "ABCDEF0123456789ABCDEF0123456789");

    final List<RequestFile> requests = new ArrayList<>();
    final Map<String, TokenFile> tokens = new HashMap<>(Map.of(DEV, TOKEN));
    final Map<String, List<String>> updateFiles = new HashMap<>();
    final Map<String, Instant> history = new HashMap<>();
    Duration repush = Duration.ZERO;

    final java.util.Set<String> deadDevices = new java.util.HashSet<>();

    Plan plan() {
        PushHistory h = new PushHistory() {
            @Override
            public Instant lastPushed(String key) {
                return history.get(key);
            }

            @Override
            public boolean isDead(TokenFile token) {
                return deadDevices.contains(token.device());
            }
        };
        return Planner.plan(new PassInput(requests, tokens, updateFiles, Instant.ofEpochSecond(NOW),
                new PassSettings(LEAD, repush), h));
    }

    static String key(String backendKey) {
        return "requests/" + backendKey + ".json";
    }

    /** A user-facing request due at {@code time}, created at {@code created}. */
    String message(String id, long created, long time) {
        return add(id, created, time, null, DEV);
    }

    String update(String id, long created, long time, UpdateType type) {
        ObjectNode content = ContractJson.MAPPER.createObjectNode().put("k", id);
        return add(id, created, time, new Update(type, content), DEV);
    }

    String add(String id, long created, long time, Update update, String device) {
        String backendKey = UUID.randomUUID().toString();
        requests.add(new RequestFile.Valid(key(backendKey), new PushRequest(backendKey, id, device, PROTOCOL,
                update == null ? "Survey" : null, update == null ? "Please answer" : null,
                update == null ? "default" : null, Format.APPLE, created, time, update)));
        return key(backendKey);
    }

    /** Due exactly now: time - (now + lead) == 0. */
    static long dueNow() {
        return NOW + LEAD.toSeconds();
    }

    @Nested
    class EmptyAndBrokenFiles {
        @Test
        void emptyFilesAreDeletedFirst() {
            requests.add(new RequestFile.Empty("requests/a.json"));
            Plan p = plan();
            assertThat(p.firstDeletions()).containsExactly(new Plan.Deletion("requests/a.json", DeleteReason.EMPTY));
            assertThat(p.laterDeletions()).isEmpty();
        }

        @Test
        void invalidFilesAreRejectedWithTheirReason() {
            requests.add(new RequestFile.Invalid("requests/b.json", "requests/b.json: field \"time\": is missing"));
            Plan p = plan();
            assertThat(p.rejections()).containsExactly(
                    new Plan.Rejection("requests/b.json", "requests/b.json: field \"time\": is missing"));
            assertThat(p.firstDeletions()).isEmpty();
            assertThat(p.userPushes()).isEmpty();
        }
    }

    @Nested
    class NewestCreationTimeWins {
        @Test
        void theFileWithTheLargestCreationTimeIsCurrent() {
            String older = message("x", NOW - 300, dueNow());
            String newer = message("x", NOW - 100, NOW + 10_000);
            Plan p = plan();
            assertThat(p.firstDeletions()).containsExactly(new Plan.Deletion(older, DeleteReason.OBSOLETE));
            assertThat(p.waiting()).extracting(PushRequest::backendKey)
                    .containsExactly(io.sensuspush.store.Mailbox.backendKeyOf(newer));
            assertThat(p.userPushes()).isEmpty();
        }

        @Test
        void onATieTheLargerKeyWins() {
            requests.add(valid("aaaaaaaa-0000-0000-0000-000000000000", "x", NOW - 5, dueNow()));
            requests.add(valid("ffffffff-0000-0000-0000-000000000000", "x", NOW - 5, dueNow()));
            Plan p = plan();
            assertThat(p.firstDeletions()).containsExactly(
                    new Plan.Deletion(key("aaaaaaaa-0000-0000-0000-000000000000"), DeleteReason.OBSOLETE));
            assertThat(p.userPushes()).extracting(Plan.UserPush::key)
                    .containsExactly(key("ffffffff-0000-0000-0000-000000000000"));
        }

        @Test
        void obsoleteTwinsOfAnExpiredRequestAreStillDeletedBeforeIt() {
            String older = message("x", NOW - 300, NOW + 10_000);
            String current = message("x", NOW - 100, NOW - 200_000);
            Plan p = plan();
            assertThat(p.firstDeletions()).containsExactly(new Plan.Deletion(older, DeleteReason.OBSOLETE));
            assertThat(p.laterDeletions()).containsExactly(new Plan.Deletion(current, DeleteReason.EXPIRED));
        }

        RequestFile valid(String backendKey, String id, long created, long time) {
            return new RequestFile.Valid(key(backendKey), new PushRequest(backendKey, id, DEV, PROTOCOL, "t", "b",
                    null, Format.APPLE, created, time, null));
        }
    }

    @Nested
    class DueTimes {
        @Test
        void exactlyDueIsPushed() {
            String k = message("x", NOW, dueNow());
            assertThat(plan().userPushes()).extracting(Plan.UserPush::key).containsExactly(k);
        }

        @Test
        void oneSecondBeforeDueWaits() {
            message("x", NOW, dueNow() + 1);
            Plan p = plan();
            assertThat(p.userPushes()).isEmpty();
            assertThat(p.waiting()).hasSize(1);
            assertThat(p.nextDueEpochSecond()).hasValue(NOW + 1);
        }

        @Test
        void nextDueIsTheSoonestWaitingRequestMinusLead() {
            message("a", NOW, NOW + 5_000);
            message("b", NOW, NOW + 1_000);
            assertThat(plan().nextDueEpochSecond()).hasValue(NOW + 1_000 - LEAD.toSeconds());
        }

        @Test
        void exactlyOneDayLateIsExpired() {
            String k = message("x", NOW - 100_000, dueNow() - 86_400);
            Plan p = plan();
            assertThat(p.laterDeletions()).containsExactly(new Plan.Deletion(k, DeleteReason.EXPIRED));
            assertThat(p.userPushes()).isEmpty();
        }

        @Test
        void justUnderOneDayLateIsStillPushed() {
            String k = message("x", NOW - 100_000, dueNow() - 86_399);
            assertThat(plan().userPushes()).extracting(Plan.UserPush::key).containsExactly(k);
        }

        @Test
        void expiryIsCheckedBeforeTheToken() {
            tokens.clear();
            String k = message("x", NOW - 100_000, NOW - 90_000);
            assertThat(plan().laterDeletions()).containsExactly(new Plan.Deletion(k, DeleteReason.EXPIRED));
        }

        @Test
        void notYetDueIsKeptEvenWithoutAToken() {
            tokens.clear();
            message("x", NOW, NOW + 10_000);
            Plan p = plan();
            assertThat(p.laterDeletions()).isEmpty();
            assertThat(p.waiting()).hasSize(1);
        }
    }

    @Nested
    class Tokens {
        @Test
        void dueWithoutATokenFileIsStale() {
            tokens.clear();
            String k = message("x", NOW, dueNow());
            assertThat(plan().laterDeletions()).containsExactly(new Plan.Deletion(k, DeleteReason.STALE));
        }

        @Test
        void dueWithAnEmptyTokenIsStale() {
            tokens.put(DEV, new TokenFile(DEV, PROTOCOL, Format.APPLE, ""));
            String k = update("u", NOW, dueNow(), UpdateType.Protocol);
            Plan p = plan();
            assertThat(p.laterDeletions()).containsExactly(new Plan.Deletion(k, DeleteReason.STALE));
            assertThat(p.newUpdateFiles()).isEmpty();
        }
    }

    @Nested
    class UserFacing {
        @Test
        void pushedToTheDeviceTokenAndKept() {
            String k = message("x", NOW, dueNow() - 60);
            Plan p = plan();
            assertThat(p.userPushes()).singleElement().satisfies(u -> {
                assertThat(u.key()).isEqualTo(k);
                assertThat(u.token()).isEqualTo(TOKEN);
                assertThat(u.deleteAfterPush()).isFalse();
            });
            assertThat(p.firstDeletions()).isEmpty();
            assertThat(p.laterDeletions()).isEmpty();
        }

        @Test
        void aNonGuidBackendKeyIsPushedOnceThenDeleted() {
            requests.add(new RequestFile.Valid("requests/hand-made.json", new PushRequest("hand-made", "x", DEV,
                    PROTOCOL, "t", "b", null, Format.GCM, NOW, dueNow(), null)));
            assertThat(plan().userPushes()).singleElement()
                    .satisfies(u -> assertThat(u.deleteAfterPush()).isTrue());
        }

        @Test
        void aRecentlyPushedRequestIsPacedUntilTheRepushInterval() {
            repush = Duration.ofMinutes(5);
            String k = message("x", NOW, dueNow());
            history.put(PushHistory.requestKey(io.sensuspush.store.Mailbox.backendKeyOf(k)), Instant.ofEpochSecond(NOW - 299));
            Plan p = plan();
            assertThat(p.userPushes()).isEmpty();
            assertThat(p.pacedPushes()).isEqualTo(1);
            assertThat(p.nextDueEpochSecond()).hasValue(NOW + 1);

            history.put(PushHistory.requestKey(io.sensuspush.store.Mailbox.backendKeyOf(k)), Instant.ofEpochSecond(NOW - 300));
            assertThat(plan().userPushes()).hasSize(1);
        }

        @Test
        void aZeroRepushIntervalPushesOnEveryPass() {
            String k = message("x", NOW, dueNow());
            history.put(PushHistory.requestKey(io.sensuspush.store.Mailbox.backendKeyOf(k)), Instant.ofEpochSecond(NOW));
            assertThat(plan().userPushes()).hasSize(1);
        }
    }

    @Nested
    class DeadTokens {
        @Test
        void pushesToADeadTokenAreHeldAndTheRequestKept() {
            deadDevices.add(DEV);
            message("x", NOW, dueNow());
            Plan p = plan();
            assertThat(p.userPushes()).isEmpty();
            assertThat(p.heldForDeadTokens()).isEqualTo(1);
            assertThat(p.laterDeletions()).isEmpty();
        }

        @Test
        void updatesForADeadTokenArePackedButNotAnnounced() {
            deadDevices.add(DEV);
            update("u", NOW, dueNow(), UpdateType.Protocol);
            Plan p = plan();
            assertThat(p.newUpdateFiles()).hasSize(1);
            assertThat(p.updatePushes()).isEmpty();
            assertThat(p.heldForDeadTokens()).isEqualTo(1);
        }

        @Test
        void aDeadTokenStillExpiresItsRequestsAfterADay() {
            deadDevices.add(DEV);
            String k = message("x", NOW - 100_000, dueNow() - 86_400);
            assertThat(plan().laterDeletions()).containsExactly(new Plan.Deletion(k, DeleteReason.EXPIRED));
        }
    }

    @Nested
    class Updates {
        @Test
        void dueUpdatesArePackedPerDeviceThenAnnounced() {
            String a = update("u1", NOW, dueNow(), UpdateType.Protocol);
            String b = update("u2", NOW - 1, dueNow() - 10, UpdateType.SurveyAgentPolicy);
            Plan p = plan();
            assertThat(p.newUpdateFiles()).singleElement().satisfies(f -> {
                assertThat(f.device()).isEqualTo(DEV);
                assertThat(f.entries()).extracting(UpdateEntry::id).containsExactly("u1", "u2");
                assertThat(f.entries()).extracting(UpdateEntry::type)
                        .containsExactly(UpdateType.Protocol, UpdateType.SurveyAgentPolicy);
                assertThat(f.packedRequestKeys()).containsExactly(a, b);
            });
            assertThat(p.updatePushes()).containsExactly(new Plan.UpdatePush(DEV, TOKEN));
            assertThat(p.userPushes()).isEmpty();
            // Packed requests are deleted by the executor after the file is stored, not by a plain deletion.
            assertThat(p.firstDeletions()).isEmpty();
            assertThat(p.laterDeletions()).isEmpty();
        }

        @Test
        void updateContentIsCarriedUnchanged() {
            update("u1", NOW, dueNow(), UpdateType.Callback);
            UpdateEntry e = plan().newUpdateFiles().getFirst().entries().getFirst();
            assertThat(e.content()).isEqualTo(ContractJson.MAPPER.createObjectNode().put("k", "u1"));
        }

        @Test
        void devicesWithUnreadUpdateFilesAreAnnouncedAgain() {
            updateFiles.put(DEV, List.of("updates/" + DEV + "/old.json"));
            Plan p = plan();
            assertThat(p.updatePushes()).containsExactly(new Plan.UpdatePush(DEV, TOKEN));
            assertThat(p.newUpdateFiles()).isEmpty();
        }

        @Test
        void unreadUpdatesOfATokenlessDeviceAreDeleted() {
            updateFiles.put("gone", List.of("updates/gone/1.json", "updates/gone/2.json"));
            tokens.put("empty", new TokenFile("empty", PROTOCOL, Format.GCM, ""));
            updateFiles.put("empty", List.of("updates/empty/3.json"));
            Plan p = plan();
            assertThat(p.updateFileDeletions()).containsExactlyInAnyOrder(
                    new Plan.UpdateFileDeletion("gone", List.of("updates/gone/1.json", "updates/gone/2.json")),
                    new Plan.UpdateFileDeletion("empty", List.of("updates/empty/3.json")));
            assertThat(p.updatePushes()).isEmpty();
        }

        @Test
        void unreadUpdatesArePacedButNewOnesAreAnnouncedAtOnce() {
            repush = Duration.ofMinutes(5);
            updateFiles.put(DEV, List.of("updates/" + DEV + "/old.json"));
            history.put(PushHistory.updatesKey(DEV), Instant.ofEpochSecond(NOW - 60));
            Plan p = plan();
            assertThat(p.updatePushes()).isEmpty();
            assertThat(p.pacedPushes()).isEqualTo(1);

            update("u1", NOW, dueNow(), UpdateType.Feedback);
            assertThat(plan().updatePushes()).hasSize(1);
        }

        @Test
        void anObsoleteUpdateIsNotPacked() {
            String older = update("same", NOW - 10, dueNow(), UpdateType.Protocol);
            update("same", NOW, dueNow(), UpdateType.Protocol);
            Plan p = plan();
            assertThat(p.firstDeletions()).containsExactly(new Plan.Deletion(older, DeleteReason.OBSOLETE));
            assertThat(p.newUpdateFiles().getFirst().entries()).hasSize(1);
        }
    }

    @Test
    void thePlanIsDeterministic() {
        for (int i = 0; i < 50; i++) {
            message("m" + (i % 7), NOW - i, dueNow() + (i % 3) - 1);
            update("u" + (i % 5), NOW - i, dueNow() - i, UpdateType.Protocol);
        }
        assertThat(plan()).isEqualTo(plan());
    }
}
