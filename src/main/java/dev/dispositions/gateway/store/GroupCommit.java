package dev.dispositions.gateway.store;

import dev.dispositions.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: concurrent requests are written together. A writer thread (or {@code writers} of them) takes what is waiting (at most
 * {@code max-requests}), waits up to {@code window} for more if it has fewer, and hands them to the writer function
 * as one group (one transaction); each request thread returns only after the group that holds its input is written.
 * Requests pile up while a commit is on its way to disk, so the busier the gateway, the larger the groups and the
 * fewer commits per request; a lone request waits at most the window.
 *
 * @param <I> one request's input
 * @param <O> its answer; the writer answers one per input, in order
 */
public final class GroupCommit<I, O> {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final LinkedBlockingQueue<Waiting<I, O>> queue = new LinkedBlockingQueue<>();
    private final GatewayProperties.GroupCommitSettings settings;
    private final Function<List<I>, List<O>> writeGroup;
    private final String name;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    public GroupCommit(String name, GatewayProperties.GroupCommitSettings settings, Function<List<I>, List<O>> writeGroup) {
        this.name = name;
        this.settings = settings;
        this.writeGroup = writeGroup;
    }

    private record Waiting<I, O>(I input, CompletableFuture<O> answer) {
    }

    /**
     * Waits until {@code input} is written with whatever arrived with it.
     *
     * @throws NotRunning when the writer is not running (starting or stopping) or did not answer in time
     */
    public O write(I input) {
        if (!running) {
            throw new NotRunning();
        }
        CompletableFuture<O> answer = new CompletableFuture<>();
        queue.add(new Waiting<>(input, answer));
        try {
            return answer.get(settings.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // Not answered in time (the database hangs): the dialer retries; if the commit lands later, the retry is a duplicate.
            throw new NotAnswered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRunning();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Requests waiting for the writer to take them. */
    public int waiting() {
        return queue.size();
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < settings.writers(); i++) {
            Thread writer = new Thread(this::writeGroups, settings.writers() == 1 ? name : name + "-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /**
     * What is queued is still written; requests that come after are told to retry. The writer is never interrupted
     * (it may be inside the database): the last in the queue tells it to end.
     */
    public synchronized void stop() {
        running = false;
        writers.forEach(w -> queue.add(new Waiting<>(null, null)));
        for (Thread w : writers) {
            try {
                w.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        for (Waiting<I, O> left; (left = queue.poll()) != null; ) {
            if (left.answer() != null) {
                left.answer().completeExceptionally(new NotRunning());
            }
        }
    }

    private void writeGroups() {
        List<Waiting<I, O>> group = new ArrayList<>();
        boolean ending = false;
        while (!ending) {
            try {
                Waiting<I, O> first = queue.take();
                group.add(first);
                queue.drainTo(group, settings.maxRequests() - group.size());
                long until = System.nanoTime() + settings.window().toNanos();
                for (long left; group.size() < settings.maxRequests() && (left = until - System.nanoTime()) > 0; ) {
                    Waiting<I, O> more = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    group.add(more);
                    queue.drainTo(group, settings.maxRequests() - group.size());
                }
            } catch (InterruptedException unexpected) {
                Thread.currentThread().interrupt();
                ending = true; // what was taken is still written below
            }
            // The end-of-queue marks that stop() adds, one per writer: everything before is written, then this writer
            // ends; a mark it took for another writer goes back.
            long marks = group.stream().filter(w -> w.answer() == null).count();
            if (marks > 0) {
                group.removeIf(w -> w.answer() == null);
                for (long m = 1; m < marks; m++) {
                    queue.add(new Waiting<>(null, null));
                }
                ending = true;
            }
            write(group);
            group.clear();
        }
    }

    private void write(List<Waiting<I, O>> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            List<O> outputs = writeGroup.apply(group.stream().map(Waiting::input).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).answer().complete(outputs.get(i));
            }
        } catch (RuntimeException failed) {
            log.debug("group of {} not written: {}", group.size(), failed.toString());
            group.forEach(w -> w.answer().completeExceptionally(failed));
        }
    }

    /** The writer is not running (the gateway is starting or stopping): nothing was stored, the dialer retries. */
    public static class NotRunning extends RuntimeException {
        public NotRunning() {
            this("the gateway is starting or stopping; nothing was stored, retry in a few seconds");
        }

        NotRunning(String message) {
            super(message, null, false, false);
        }
    }

    /** No commit within max-wait: it may still land, so a retry is answered either way (202, or 200 duplicate). */
    public static final class NotAnswered extends NotRunning {
        NotAnswered() {
            super("the store did not answer in time; the event may or may not be stored: retry, a stored one is answered as a duplicate");
        }
    }
}
