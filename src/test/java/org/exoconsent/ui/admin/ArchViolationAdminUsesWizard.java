package org.exoconsent.ui.admin;

/** Breaks a rule of ArchitectureTest on purpose (one screen using another); never run, only read by ArchUnit. */
final class ArchViolationAdminUsesWizard {
    Object wizard(org.exoconsent.ui.wizard.WizardViewModel vm) {
        return vm.stepProperty();
    }
}
