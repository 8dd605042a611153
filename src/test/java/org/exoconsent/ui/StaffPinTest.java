package org.exoconsent.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffPinTest {
    @TempDir
    Path dir;

    @Test
    void thePinIsCheckedAgainstASaltedHashAndNeverStoredInPlainText() throws Exception {
        StaffPin pin = new StaffPin(dir);
        assertFalse(pin.isSet());
        assertFalse(pin.matches("2468"), "no PIN set: nothing unlocks");
        pin.set("2468");
        assertTrue(pin.isSet());
        assertTrue(pin.matches("2468"));
        assertFalse(pin.matches("2469"));
        assertFalse(Files.readString(dir.resolve("settings.properties")).contains("2468"));
        assertThrows(IllegalArgumentException.class, () -> pin.set("12"));
        assertThrows(IllegalArgumentException.class, () -> pin.set("abcd"));
    }
}
