package org.exoconsent.records;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sets the busy timeout ({@code exoconsent.busyTimeoutMillis}) short for each test of a class, and puts back what was
 * there after it: tests of waiting for another program's lock wait moments, not 10 s.
 */
public final class ShortBusyTimeout implements BeforeEachCallback, AfterEachCallback {
    private final String millis;
    private String before;

    /** @param millis the busy timeout during each test, in milliseconds */
    public ShortBusyTimeout(int millis) {
        this.millis = String.valueOf(millis);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = System.getProperty(Schema.BUSY_TIMEOUT_PROPERTY);
        System.setProperty(Schema.BUSY_TIMEOUT_PROPERTY, millis);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (before == null) {
            System.clearProperty(Schema.BUSY_TIMEOUT_PROPERTY);
        } else {
            System.setProperty(Schema.BUSY_TIMEOUT_PROPERTY, before);
        }
    }
}
