package io.sensuspush.cli;

import io.sensuspush.store.Mailbox;
import io.sensuspush.store.ObjectStore;
import io.sensuspush.store.Stores;
import picocli.CommandLine.Option;

import java.net.URI;

/** {@code --store} and its S3 settings, shared by every command that works on a mailbox. */
public final class StoreOptions {
    /** Store requests in flight for an operator command (run and serve take theirs from --concurrency). */
    static final int OPERATOR_CONCURRENCY = 16;

    @Option(names = "--store", paramLabel = "s3://BUCKET[/PREFIX]|DIR", defaultValue = "./sensus-push-data",
            description = "The study's mailbox: an S3 bucket (prefix default push-notifications) or a local directory. "
                    + "Default: ${DEFAULT-VALUE}")
    String store;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint (MinIO, Ceph, R2, …); path-style access is used with it.")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "S3 region (default: the AWS SDK's region chain, else us-east-1).")
    String s3Region;

    public ObjectStore open() {
        return Wiring.wrap(Stores.open(store, s3Endpoint, s3Region));
    }

    /** The mailbox of an operator command (devices, requests, cancel, the writing commands) over {@code store}. */
    static Mailbox operatorMailbox(ObjectStore store) {
        return new Mailbox(store, OPERATOR_CONCURRENCY);
    }
}
