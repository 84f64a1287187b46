package io.sensuspush.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryObjectStoreTest extends ObjectStoreContractTest {

    @TempDir
    Path tmp;

    Path root;
    Path mailbox;

    @Override
    protected ObjectStore newStore() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        mailbox = root.resolve("push-notifications");
        Files.writeString(tmp.resolve("outside.json"), "secret");
        return new DirectoryObjectStore(root, "push-notifications");
    }

    @Test
    void objectsAreFilesUnderRootAndPrefix() throws IOException {
        store.put("updates/dev-1/u.json", bytes("[]"));
        assertThat(Files.readString(mailbox.resolve("updates/dev-1/u.json"))).isEqualTo("[]");
        assertThat(store.describe()).isEqualTo(mailbox.toAbsolutePath().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside.json", "requests/../../outside.json", "requests/..", "/abs",
            "/tmp/x.json", "a\\b", "..\\outside.json", "requests/a\u0000.json", "requests/a\n.json", "a//b", "requests/",
            "", "./requests/a.json", "requests/.hidden", "updates/../../../etc/passwd.json",
            "updates/dev\u0007/u.json", "tokens/..json"})
    void keysThatCouldLeaveTheMailboxAreRefused(String key) throws IOException {
        store.put("requests/ok.json", bytes("ok"));
        List<Path> before = allFiles();

        assertThatThrownBy(() -> store.put(key, bytes("evil"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key \"");
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(List.of("requests/ok.json", key))).isInstanceOf(IllegalArgumentException.class);

        assertThat(allFiles()).as("nothing written or deleted").isEqualTo(before);
        assertThat(Files.readString(tmp.resolve("outside.json"))).isEqualTo("secret");
    }

    @Test
    void refusedKeysAreNamedPrintably() {
        assertThatThrownBy(() -> store.put("requests/a\u0000.json", bytes("x")))
                .hasMessageContaining("requests/a\\u0000.json").hasMessageContaining("control character");
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectoryObjectStore(root, "../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesAre0600AndFoldersAre0700() throws IOException {
        store.put("updates/dev-1/u.json", bytes("[]"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailbox.resolve("updates/dev-1/u.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailbox.resolve("updates/dev-1"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailbox))).isEqualTo("rwx------");
    }

    @Test
    void listSkipsTempFilesFoldersAndSymbolicLinks() throws IOException {
        store.put("requests/a.json", bytes("a"));
        Files.writeString(mailbox.resolve("requests/.sensus-push-123.tmp"), "half");
        Files.createDirectories(mailbox.resolve("updates/empty-device"));
        Files.createSymbolicLink(mailbox.resolve("requests/link.json"), tmp.resolve("outside.json"));

        assertThat(keys(store.list(""))).containsExactly("requests/a.json");
        assertThat(store.get("requests/link.json")).as("a link out of the mailbox is not read").isEmpty();
        assertThat(store.get("updates/empty-device")).as("a folder is not an object").isEmpty();
        assertThat(store.get("requests/a.json/x")).isEmpty();
    }

    @Test
    void listOfAMissingMailboxIsEmpty() {
        assertThat(store.list("")).isEmpty();
        assertThat(store.list("requests/")).isEmpty();
    }

    @Test
    void deletingTheLastUpdateRemovesTheDeviceFolder() {
        store.put("updates/dev-1/a.json", bytes("[]"));
        store.put("updates/dev-1/b.json", bytes("[]"));
        store.delete(List.of("updates/dev-1/a.json"));
        assertThat(Files.isDirectory(mailbox.resolve("updates/dev-1"))).isTrue();
        store.delete(List.of("updates/dev-1/b.json"));
        assertThat(Files.exists(mailbox.resolve("updates/dev-1"))).isFalse();
        assertThat(Files.isDirectory(mailbox.resolve("updates"))).isTrue();
        store.put("updates/dev-1/c.json", bytes("[]"));
        assertThat(keys(store.list("updates/"))).containsExactly("updates/dev-1/c.json");
    }

    @Test
    void lockFileLivesUnderBackendAndIsPrivate() throws IOException {
        try (StoreLock lock = store.tryLock("pass-1", Duration.ofSeconds(30)).orElseThrow()) {
            Path file = mailbox.resolve("backend/.pass.lock");
            assertThat(Files.readString(file)).isEqualTo("pass-1\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(store.list("backend/")).isEmpty();
        }
    }

    @Test
    void lockIsLostWhenTheLockFileIsReplaced() throws IOException {
        try (StoreLock lock = store.tryLock("pass-1", Duration.ofSeconds(30)).orElseThrow()) {
            Files.delete(mailbox.resolve("backend/.pass.lock"));
            assertThat(lock.renew()).isFalse();
        }
    }

    @Test
    void lockExcludesAnotherProcessAndIsFreedWhenItDies() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
            assertThat(out.readLine()).isEqualTo("LOCKED");

            assertThat(store.tryLock("parent", Duration.ofSeconds(30))).as("held by the other process").isEmpty();

            holder.destroyForcibly(); // SIGKILL: no chance to release anything itself
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (StoreLock lock = store.tryLock("parent", Duration.ofSeconds(30)).orElseThrow()) {
                assertThat(lock.renew()).isTrue();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Run in a child JVM: takes the lock, says so, and holds it until killed or its input closes. */
    public static final class LockHolder {
        public static void main(String[] args) throws IOException {
            DirectoryObjectStore store = new DirectoryObjectStore(Path.of(args[0]), "push-notifications");
            StoreLock lock = store.tryLock("child", Duration.ofSeconds(30)).orElseThrow();
            System.out.println("LOCKED");
            System.out.flush();
            System.in.read(); // blocks until the parent closes our input or kills us
            lock.close();
        }
    }

    private List<Path> allFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
