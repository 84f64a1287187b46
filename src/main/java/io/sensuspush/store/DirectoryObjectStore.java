package io.sensuspush.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The mailbox in a local directory: object {@code key} is the file {@code <root>/<prefix>/<key>}.
 *
 * <p>Confinement: a key is a relative path of non-empty segments separated by {@code /}; segments
 * must not start with {@code .} (so no {@code .} or {@code ..}, and the store's own hidden temp and
 * lock files can never be addressed), and keys hold no backslash or control character. Anything else
 * is refused with an {@link IllegalArgumentException} naming the key, and the resolved path is checked
 * to stay inside the mailbox directory. Symbolic links are neither listed nor read.
 *
 * <p>Writes go to a hidden temp file in the target's directory, are flushed to disk, then renamed over
 * the target atomically, so readers see the old or the new content. Files are created 0600 and
 * directories 0700 where the file system is POSIX.
 *
 * <p>The pass lock is an OS file lock on {@code backend/.pass.lock}: the OS drops it when the holding
 * process dies, so the {@code ttl} is not needed here.
 */
public final class DirectoryObjectStore implements ObjectStore {
    /** Names starting with this are the store's own (temp files, lock file); keys cannot start with a dot. */
    private static final String HIDDEN = ".";
    private static final String TEMP_PREFIX = ".sensus-push-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String LOCK_FILE = "backend/.pass.lock";
    private static final int PUT_ATTEMPTS = 3;

    /** Lock files held by this JVM: the OS lock does not exclude a second taker inside the same process. */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path base;
    private final boolean posix;
    private final FileAttribute<?>[] fileAttributes;
    private final FileAttribute<?>[] dirAttributes;

    /**
     * @param root   the directory holding the mailbox
     * @param prefix the mailbox folder inside it, e.g. {@code push-notifications}
     */
    public DirectoryObjectStore(Path root, String prefix) {
        Objects.requireNonNull(root, "root");
        checkKey(prefix);
        this.base = root.toAbsolutePath().normalize().resolve(prefix).normalize();
        this.posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.fileAttributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        this.dirAttributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public List<StoredObject> list(String prefix) {
        checkListPrefix(prefix);
        // Walk only the deepest folder the prefix names; filter the rest of the prefix by name.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? base : confined(prefix, prefix.substring(0, slash));
        List<StoredObject> objects = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean hidden = !dir.equals(start) && dir.getFileName().toString().startsWith(HIDDEN);
                    return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(HIDDEN)) {
                        String key = keyOf(file);
                        if (key.startsWith(prefix)) {
                            objects.add(new StoredObject(key, attrs.size(), versionOf(attrs),
                                    attrs.lastModifiedTime().toInstant()));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Deleted while we walked (or the start folder does not exist): it is simply not there.
                    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot list " + base + "/" + prefix + ": " + e, e);
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path file = resolve(key);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new StoreException(file + " is too large (" + size + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the size seen at open; the file is never modified in place (writes are renames)
            }
            return Optional.of(buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A folder, a path through a file, or a symbolic link is not an object.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            throw new StoreException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public void put(String key, byte[] content) {
        Objects.requireNonNull(content, "content");
        Path file = resolve(key);
        Path dir = file.getParent();
        for (int attempt = 1; ; attempt++) {
            try {
                writeAtomically(dir, file, content);
                return;
            } catch (NoSuchFileException e) {
                // The folder vanished between creating it and writing (delete() prunes empty device folders).
                if (attempt == PUT_ATTEMPTS) {
                    throw new StoreException("cannot write " + file + ": " + e, e);
                }
            } catch (IOException e) {
                throw new StoreException("cannot write " + file + ": " + e, e);
            }
        }
    }

    private void writeAtomically(Path dir, Path file, byte[] content) throws IOException {
        Files.createDirectories(dir, dirAttributes);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, fileAttributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // the content is on disk before the name points to it
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
            temp = null;
            syncDirectory(dir);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes the rename durable; not every platform can open a directory, and then this is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<Path> files = keys.stream().map(this::resolve).toList(); // refuse a bad key before deleting anything
        Path updates = base.resolve("updates");
        for (Path file : files) {
            try {
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // a folder is not an object
                }
                Files.deleteIfExists(file);
                Path parent = file.getParent();
                if (updates.equals(parent.getParent())) {
                    deleteIfEmpty(parent);
                }
            } catch (IOException e) {
                throw new StoreException("cannot delete " + file + ": " + e, e);
            }
        }
    }

    /** Removes a device's update folder once the app (or the backend) has emptied it. */
    private static void deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // still in use, or already gone
        } catch (IOException e) {
            // tidying only; the folder does no harm
        }
    }

    @Override
    public Optional<StoreLock> tryLock(String owner, Duration ttl) {
        Path lockFile = base.resolve(LOCK_FILE);
        if (!HELD_IN_THIS_JVM.add(lockFile)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent(), dirAttributes);
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    fileAttributes);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(lockFile);
                return Optional.empty();
            }
            // For people looking at the file; the OS lock is what counts.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)));
            Object fileKey = Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey();
            return Optional.of(new DirectoryLock(lockFile, channel, lock, fileKey));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw new StoreException("cannot lock " + lockFile + ": " + e, e);
        }
    }

    /** An OS lock on the lock file, held while the channel is open. */
    private static final class DirectoryLock implements StoreLock {
        private final Path path;
        private final FileChannel channel;
        private final FileLock lock;
        private final Object fileKey;
        private boolean closed;

        DirectoryLock(Path path, FileChannel channel, FileLock lock, Object fileKey) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
            this.fileKey = fileKey;
        }

        /** Still ours unless released, or someone removed or replaced the lock file (then another may lock the new one). */
        @Override
        public synchronized boolean renew() {
            if (closed || !lock.isValid()) {
                return false;
            }
            try {
                Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return fileKey == null || fileKey.equals(now);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // The file stays: deleting it would let a waiting process lock the old file while a third creates a new one.
            closeQuietly(channel); // closing the channel releases the lock
            HELD_IN_THIS_JVM.remove(path);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    private String versionOf(BasicFileAttributes attrs) {
        // Every put is a new file (rename), so the file identity changes even when size and a coarse mtime do not.
        Object fileKey = attrs.fileKey();
        long nanos = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        return attrs.size() + "-" + nanos + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
    }

    private String keyOf(Path file) {
        Path relative = base.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path part : relative) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    /** The file of a key, refusing keys that are not plain relative paths inside the mailbox. */
    private Path resolve(String key) {
        checkKey(key);
        return confined(key, key);
    }

    private Path confined(String key, String relative) {
        Path path = base.resolve(relative).normalize();
        if (!path.startsWith(base) || path.equals(base)) {
            throw new IllegalArgumentException("key \"" + printable(key) + "\" leaves the mailbox directory " + base);
        }
        return path;
    }

    /** Checks an object key: segments separated by single slashes, none empty or starting with a dot. */
    static void checkKey(String key) {
        String problem = problemWith(key, false);
        if (problem != null) {
            throw new IllegalArgumentException("key \"" + printable(key) + "\" " + problem);
        }
    }

    /** A list prefix may be empty, end with a slash, or end in the middle of a name. */
    private static void checkListPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String problem = problemWith(prefix, true);
        if (problem != null) {
            throw new IllegalArgumentException("list prefix \"" + printable(prefix) + "\" " + problem);
        }
    }

    private static String problemWith(String key, boolean asPrefix) {
        if (key == null) {
            return "is missing";
        }
        if (key.isEmpty()) {
            return asPrefix ? null : "is empty";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                return "contains a backslash";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        if (key.startsWith("/")) {
            return "is an absolute path";
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !(asPrefix && last)) {
                return "has an empty path segment";
            }
            if (segment.startsWith(HIDDEN)) {
                return "has a segment starting with \".\"";
            }
        }
        return null;
    }

    /** Keys may contain control characters; show them escaped. */
    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
