package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.exoconsent.ui.WindowPlacement.Placement;
import org.junit.jupiter.api.Test;

/** Where the main window opens (issue 16 §2): maximised on a tablet, else its remembered or designed size. */
class WindowPlacementTest {
    private static final Rectangle2D TABLET = new Rectangle2D(0, 0, 1280, 800);
    /** A 1366×768 laptop less its task bar: wider than the designed size, not as high. */
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 728);
    private static final Rectangle2D DESKTOP = new Rectangle2D(0, 0, 1920, 1040);

    @Test
    void onATabletOrAnySmallerScreenItOpensMaximised() {
        assertEquals(new Placement(0, 0, 1280, 800, true), WindowPlacement.initial(TABLET, List.of(TABLET),
                Optional.empty()));
        assertEquals(new Placement(0, 0, 1366, 728, true), WindowPlacement.initial(LAPTOP, List.of(LAPTOP),
                Optional.empty()));
    }

    @Test
    void onALargerScreenItOpensAtTheDesignedSizeInTheMiddle() {
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.empty()));
    }

    @Test
    void theRememberedSizeWinsWhereItStillFits() {
        Placement remembered = new Placement(100, 50, 1500, 950, false);
        assertEquals(remembered, WindowPlacement.initial(DESKTOP, List.of(DESKTOP), Optional.of(remembered)));
        Placement maximised = new Placement(100, 50, 1500, 950, true);
        assertEquals(maximised, WindowPlacement.initial(DESKTOP, List.of(DESKTOP), Optional.of(maximised)));
    }

    @Test
    void aRememberedSizeTooLargeForTheScreenNowIsShrunkToIt() {
        // remembered on the large screen, opened on the tablet
        assertEquals(new Placement(0, 0, 1280, 800, false), WindowPlacement.initial(TABLET, List.of(TABLET),
                Optional.of(new Placement(100, 50, 1500, 950, false))));
    }

    @Test
    void aRememberedPlaceOnAScreenNoLongerThereOrTooSmallToUseIsIgnored() {
        Rectangle2D second = new Rectangle2D(1920, 0, 1920, 1040);
        Placement onTheSecond = new Placement(2000, 100, 1400, 900, false);
        assertEquals(onTheSecond, WindowPlacement.initial(DESKTOP, List.of(DESKTOP, second),
                Optional.of(onTheSecond)));
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.of(onTheSecond)), "the second screen was unplugged");
        assertEquals(new Placement(320, 120, 1280, 800, false), WindowPlacement.initial(DESKTOP, List.of(DESKTOP),
                Optional.of(new Placement(0, 0, 300, 200, false))), "200×200 is not remembered as a size to use");
    }
}
