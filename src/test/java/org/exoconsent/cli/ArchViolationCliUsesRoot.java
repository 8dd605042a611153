package org.exoconsent.cli;

/**
 * Breaks a rule of ArchitectureTest on purpose (the command line using the root package, which uses it: the cycle
 * {@code Version} made); never run, only read by ArchUnit.
 */
final class ArchViolationCliUsesRoot {
    void launch() {
        org.exoconsent.Launcher.main(new String[0]);
    }
}
