package org.exoconsent.records;

/** Breaks a rule of ArchitectureTest on purpose (the store using JavaFX); never run, only read by ArchUnit. */
final class ArchViolationStoreUsesJavaFx {
    Object property() {
        return new javafx.beans.property.SimpleStringProperty();
    }
}
