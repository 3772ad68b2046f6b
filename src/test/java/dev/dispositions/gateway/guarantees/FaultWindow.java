package dev.dispositions.gateway.guarantees;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A fault in the stand-in CRMs, switched on once the load has sent {@code after} calls and off {@code lasting}
 * later. Given to the load driver as its progress listener; {@code switchOn} answers how to switch the fault off.
 */
final class FaultWindow implements IntConsumer {
    private final int after;
    private final Duration lasting;
    private final Supplier<Runnable> switchOn;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread ending;

    FaultWindow(int after, Duration lasting, Supplier<Runnable> switchOn) {
        this.after = after;
        this.lasting = lasting;
        this.switchOn = switchOn;
    }

    @Override
    public void accept(int sent) {
        if (sent >= after && started.compareAndSet(false, true)) {
            Runnable switchOff = switchOn.get();
            ending = new Thread(() -> {
                try {
                    Thread.sleep(lasting.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                switchOff.run();
            });
            ending.start();
        }
    }

    /** Waits until the fault is over (at once if it never started). */
    void awaitEnd() throws InterruptedException {
        Thread t = ending;
        if (t != null) {
            t.join();
        }
    }
}
