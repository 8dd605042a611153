package org.exoconsent.stray;

/** Breaks a rule of ArchitectureTest on purpose (a package in no layer); never run, only read by ArchUnit. */
final class ArchViolationInNoLayer {
}
