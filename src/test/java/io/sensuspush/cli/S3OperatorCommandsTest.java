package io.sensuspush.cli;

import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.StoredObject;
import io.sensuspush.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;

/**
 * The operator commands against a real S3 API (S3Proxy on 127.0.0.1): the commands open the bucket themselves
 * through {@code --store s3://… --s3-endpoint …}, with the AWS SDK's default credentials chain.
 */
class S3OperatorCommandsTest extends OperatorCommandsTest {
    private static final String BUCKET = "study";
    private static S3ProxyServer s3;
    private static ObjectStore store;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        s3.createBucket(BUCKET);
        store = s3.store(BUCKET, "push-notifications");
        // What an operator has in ~/.aws or the environment; the SDK reads these system properties first.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        store.close();
        s3.close();
    }

    @BeforeEach
    void emptyBucket() {
        store.delete(store.list("").stream().map(StoredObject::key).toList());
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    List<String> storeArgs() {
        return List.of("--store", "s3://" + BUCKET, "--s3-endpoint", s3.endpoint().toString(),
                "--s3-region", S3ProxyServer.REGION);
    }
}
