package org.exoconsent.template;

/** Breaks a rule of ArchitectureTest on purpose (a template using the store); never run, only read by ArchUnit. */
final class ArchViolationTemplateUsesStore {
    Object store(org.exoconsent.records.DataDirectory dir) {
        return dir.root();
    }
}
