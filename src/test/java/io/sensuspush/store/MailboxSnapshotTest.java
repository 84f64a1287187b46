package io.sensuspush.store;

import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.Format;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.RequestFile;
import io.sensuspush.contract.TokenFile;
import io.sensuspush.testing.CountingObjectStore;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot fetches only new and changed files, forgets vanished ones, and sees a same-key rewrite;
 * on a local directory and on S3 (S3Proxy), counting gets through a wrapper around the real store.
 */
class MailboxSnapshotTest {
    static S3ProxyServer s3;
    CountingObjectStore store;
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Mailbox open(String kind) throws Exception {
        ObjectStore real;
        if (kind.equals("directory")) {
            dir = Files.createTempDirectory("snapshot-test");
            real = new DirectoryObjectStore(dir, "push-notifications");
        } else {
            String bucket = "snap-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(bucket);
            real = s3.store(bucket, "push-notifications");
        }
        store = new CountingObjectStore(real);
        return new Mailbox(store, 4);
    }

    static PushRequest request(String backendKey, String title, long time) {
        return new PushRequest(backendKey, "id-" + backendKey, "D1", "P", title, "body", "default", Format.APPLE,
                1_700_000_000L, time, null);
    }

    static String title(MailboxSnapshot.Read read, String key) {
        return read.requests().stream().filter(f -> f.key().equals(key)).map(f -> ((RequestFile.Valid) f).request().title())
                .findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "s3"})
    void unchangedFilesAreNotFetchedAgain(String kind) throws Exception {
        Mailbox mailbox = open(kind);
        for (int i = 0; i < 20; i++) {
            mailbox.writeRequest(request(UUID.randomUUID().toString(), "t" + i, 1_800_000_000L));
        }
        store.put(Mailbox.tokenKey("D1"), ContractJson.writeToken(new TokenFile("D1", "P", Format.APPLE, "AB")));
        MailboxSnapshot snapshot = new MailboxSnapshot(mailbox, 60);

        MailboxSnapshot.Read cold = snapshot.refresh();
        assertThat(cold.stats().full()).isTrue();
        assertThat(cold.requests()).hasSize(20);
        assertThat(store.gets("requests/")).isEqualTo(20);
        assertThat(store.gets("tokens/")).isEqualTo(1);

        store.reset();
        MailboxSnapshot.Read warm = snapshot.refresh();
        assertThat(warm.stats().full()).isFalse();
        assertThat(store.gets("")).isZero();
        assertThat(warm.stats().fetched()).isZero();
        assertThat(warm.requests()).isEqualTo(cold.requests());
        assertThat(warm.tokens()).isEqualTo(cold.tokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "s3"})
    void newChangedAndVanishedFilesAreHandled(String kind) throws Exception {
        Mailbox mailbox = open(kind);
        String kept = mailbox.writeRequest(request(UUID.randomUUID().toString(), "kept", 1_800_000_000L));
        String rewritten = mailbox.writeRequest(request(UUID.randomUUID().toString(), "before", 1_800_000_000L));
        String vanishing = mailbox.writeRequest(request(UUID.randomUUID().toString(), "vanishing", 1_800_000_000L));
        String emptied = mailbox.writeRequest(request(UUID.randomUUID().toString(), "emptied", 1_800_000_000L));
        store.put(Mailbox.tokenKey("D1"), ContractJson.writeToken(new TokenFile("D1", "P", Format.APPLE, "OLDTOKEN")));
        MailboxSnapshot snapshot = new MailboxSnapshot(mailbox, 60);
        snapshot.refresh();

        // The same key rewritten with new content of the same length (a version from size alone would miss it).
        store.put(rewritten, ContractJson.writeRequest(request(Mailbox.backendKeyOf(rewritten), "after!", 1_800_000_000L)));
        store.put(emptied, new byte[0]);
        store.delete(java.util.List.of(vanishing));
        String added = mailbox.writeRequest(request(UUID.randomUUID().toString(), "added", 1_800_000_000L));
        String broken = Mailbox.requestKey(UUID.randomUUID().toString());
        store.put(broken, "{\"id\":".getBytes(StandardCharsets.UTF_8));
        store.put(Mailbox.tokenKey("D1"), ContractJson.writeToken(new TokenFile("D1", "P", Format.APPLE, "NEWTOKEN")));
        store.reset();

        MailboxSnapshot.Read read = snapshot.refresh();
        assertThat(store.gets(kept)).isZero();
        assertThat(store.gets(rewritten)).isEqualTo(1);
        assertThat(store.gets(added)).isEqualTo(1);
        assertThat(store.gets("requests/")).isEqualTo(4); // rewritten, emptied, added, broken
        assertThat(title(read, kept)).isEqualTo("kept");
        assertThat(title(read, rewritten)).isEqualTo("after!");
        assertThat(title(read, added)).isEqualTo("added");
        assertThat(read.requests()).noneMatch(f -> f.key().equals(vanishing));
        assertThat(read.requests()).filteredOn(f -> f.key().equals(emptied)).singleElement().isInstanceOf(RequestFile.Empty.class);
        assertThat(read.requests()).filteredOn(f -> f.key().equals(broken)).singleElement().isInstanceOf(RequestFile.Invalid.class);
        assertThat(read.tokens().byDevice().get("D1").token()).isEqualTo("NEWTOKEN");
        assertThat(read.stats().forgotten()).isEqualTo(1);

        store.delete(java.util.List.of(Mailbox.tokenKey("D1")));
        assertThat(snapshot.refresh().tokens().byDevice()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "s3"})
    void everyNthRefreshRereadsEverything(String kind) throws Exception {
        Mailbox mailbox = open(kind);
        for (int i = 0; i < 5; i++) {
            mailbox.writeRequest(request(UUID.randomUUID().toString(), "t", 1_800_000_000L));
        }
        MailboxSnapshot snapshot = new MailboxSnapshot(mailbox, 3);
        int[] gets = new int[7];
        for (int pass = 0; pass < gets.length; pass++) {
            store.reset();
            snapshot.refresh();
            gets[pass] = store.gets("requests/");
        }
        assertThat(gets).containsExactly(5, 0, 0, 5, 0, 0, 5);

        store.reset();
        snapshot.invalidate();
        snapshot.refresh();
        assertThat(store.gets("requests/")).isEqualTo(5);
    }
}
