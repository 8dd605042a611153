package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
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

    /**
     * Waits up to {@code seconds} until the list {@code list} (a CSS selector) shows a first cell with text, and
     * returns that cell: a list made visible is laid out a pulse later, so its cells may not exist yet when it is
     * (EverydayWizardTest failed so on a loaded machine).
     */
    public static Labeled firstCell(FxRobot robot, String list, int seconds) throws InterruptedException {
        String cells = list + " .list-cell";
        until(() -> robot.lookup(cells).queryAllAs(Labeled.class).stream().anyMatch(c -> c.getText() != null
                && !c.getText().isEmpty()), "a first cell of " + list + " with text", seconds);
        return robot.lookup(cells).nth(0).queryAs(Labeled.class);
    }
}
