package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A device as the store names it (issue 17 §3): an id that can name it, a label staff can read; else refused. */
class DeviceTest {
    @Test
    void anIdThatCannotNameADeviceOrAnUnreadableLabelIsRefusedNamingTheValue() {
        assertEquals("受付 (3f0c-1)", new Device("3f0c-1", "  受付 ").toString(), "the label stripped");
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> new Device("desk 1", "x"));
        assertTrue(id.getMessage().contains("'desk 1'"), id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Device(null, "x"));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> new Device("d", " "));
        assertTrue(blank.getMessage().contains("device d"), blank.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> new Device("d", "Tablet\n2"));
        assertTrue(control.getMessage().contains("Tablet"), control.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Device("d", "x".repeat(101)));
    }
}
