package dev.dispositions.gateway.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database's size on disk read every {@code everySeconds} while a run goes on: the soak mode shows from these
 * whether it stops growing once retention deletes as much as arrives.
 */
final class DiskSampler implements AutoCloseable {
    private final List<Double> megabytes = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    DiskSampler(BenchDatabase db, int everySeconds) {
        timer.scheduleAtFixedRate(() -> {
            try {
                double mb = Math.round(db.bytes() / 1e5) / 10.0;
                synchronized (megabytes) {
                    megabytes.add(mb);
                }
            } catch (Exception e) {
                // a file being rewritten: the next sample counts
            }
        }, 0, everySeconds, TimeUnit.SECONDS);
    }

    List<Double> samples() {
        synchronized (megabytes) {
            return List.copyOf(megabytes);
        }
    }

    /** MB per minute between the middle sample and the last one: near zero once the database stops growing. */
    static double lastHalfGrowthPerMinute(List<Double> samples, int everySeconds) {
        if (samples.size() < 3) {
            return Double.NaN;
        }
        int mid = samples.size() / 2;
        double minutes = (samples.size() - 1 - mid) * everySeconds / 60.0;
        return Math.round((samples.get(samples.size() - 1) - samples.get(mid)) / minutes * 10) / 10.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
