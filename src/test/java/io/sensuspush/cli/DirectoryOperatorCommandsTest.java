package io.sensuspush.cli;

import io.sensuspush.store.DirectoryObjectStore;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The operator commands against a local directory mailbox (a path with a space, as real ones may have). */
class DirectoryOperatorCommandsTest extends OperatorCommandsTest {
    @TempDir
    Path tmp;
    private Path root;
    private ObjectStore store;

    @BeforeEach
    void open() {
        root = tmp.resolve("my study");
        store = new DirectoryObjectStore(root, Stores.DEFAULT_PREFIX);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    List<String> storeArgs() {
        return List.of("--store", root.toString());
    }
}
