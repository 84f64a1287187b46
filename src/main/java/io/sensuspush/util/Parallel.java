package io.sensuspush.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Runs I/O-bound work on virtual threads, at most {@code concurrency} at a time. */
public final class Parallel {
    private Parallel() {
    }

    /**
     * Applies {@code fn} to every item concurrently and returns the results in item order. An exception
     * thrown by {@code fn} is rethrown (unwrapped) after all started work has finished.
     */
    public static <T, R> List<R> map(List<T> items, int concurrency, Function<? super T, ? extends R> fn) {
        if (items.isEmpty()) {
            return List.of();
        }
        if (concurrency <= 1 || items.size() == 1) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(fn.apply(item));
            }
            return out;
        }
        Semaphore permits = new Semaphore(concurrency);
        List<Future<R>> futures = new ArrayList<>(items.size());
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                permits.acquireUninterruptibly();
                futures.add(exec.submit(() -> {
                    try {
                        return fn.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<R> out = new ArrayList<>(items.size());
        RuntimeException first = null;
        for (Future<R> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
                }
                out.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }
}
