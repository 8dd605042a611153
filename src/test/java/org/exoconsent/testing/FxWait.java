package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

/** Waits in UI tests for what background work will show, letting the FX thread run meanwhile. */
public final class FxWait {
    private FxWait() {
    }

    /** Waits up to {@code seconds} for the condition; fails naming what did not happen. */
    public static void until(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(25);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
