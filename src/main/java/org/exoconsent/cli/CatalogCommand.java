package org.exoconsent.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "The clinic's catalog: profile, physicians, products and lots.",
        subcommands = {CatalogCommand.Show.class, CatalogCommand.SetClinic.class, CatalogCommand.AddPhysician.class,
            CatalogCommand.SetPhysician.class, CatalogCommand.AddProduct.class, CatalogCommand.SetProduct.class,
            CatalogCommand.AddLot.class})
final class CatalogCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "name a command: catalog show, set-clinic, add-physician, set-physician, add-product, add-lot");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the catalog.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            return StoreOptions.run(cli, "catalog show", Permission.READ_CATALOG, store -> {
                RecordStore.CatalogView c = store.catalog();
                if (c.clinic() != null) {
                    cli.out.printf("Clinic: %s%s%n  %s, %s%n  blood donation policy: %s%n", c.clinic().name(),
                            c.clinic().demo() ? "  [DEMO DATA]" : "", c.clinic().address(), c.clinic().phone(),
                            c.clinic().bloodDonationPolicy());
                }
                cli.out.println("Physicians:");
                c.physicians().forEach(p -> cli.out.printf("  %s (licence %s)%s%n", p.name(), p.licenceNumber(),
                        p.active() ? "" : " — inactive"));
                cli.out.println("Products:");
                for (Catalog.Product p : c.products()) {
                    cli.out.printf("  %s — %s; %s; origin: %s; supplied as: %s; tests: %s; sterilisation: %s%s%n",
                            p.name(), p.manufacturer(), p.sourceCells(), p.origin(), p.supply(),
                            p.virusTests().isEmpty() ? "none documented" : String.join(", ", p.virusTests()),
                            p.sterilisation(), p.storage() == null ? "" : "; storage: " + p.storage());
                }
                cli.out.println("Lots:");
                c.lots().forEach(l -> cli.out.printf("  %s  lot %s  expires %s%s%n", l.product(), l.number(),
                        l.expiry(), l.qc() == null ? "" : "  QC: " + l.qc()));
                return ExitCodes.OK;
            });
        }
    }

    /** Runs one catalog change and maps its outcome to an exit code. */
    interface Change {
        void apply(RecordStore store) throws StoreException;
    }

    static int change(ExoConsentCli cli, String what, Permission needs, String done, Change change) {
        return StoreOptions.run(cli, what, needs, store -> {
            try {
                change.apply(store);
            } catch (IllegalArgumentException e) {
                cli.err.println(e.getMessage() + "; nothing was changed");
                return ExitCodes.INVALID_INPUT;
            }
            cli.out.println(done);
            return ExitCodes.OK;
        });
    }

    @Command(name = "set-clinic", mixinStandardHelpOptions = true,
            description = "Set the clinic profile printed on every document (replaces the demo clinic).")
    static final class SetClinic implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--address", required = true)
        String address;

        @Option(names = "--phone", required = true)
        String phone;

        @Option(names = "--blood-donation-policy", required = true, paramLabel = "TEXT",
                description = "The clinic's own text, quoted in the blood-donation section. Never a deferral period "
                        + "the clinic cannot source: a text that states a period is refused (exit 3) "
                        + "unless --despite-warning is given.")
        String policy;

        @Option(names = "--despite-warning",
                description = "Save a blood-donation policy that states a period anyway (audited with "
                        + "the warning).")
        boolean despiteWarning;

        @Override
        public Integer call() {
            java.util.List<String> found = org.exoconsent.records.BloodDonationPolicy.periods(policy);
            return change(parent.root, "catalog set-clinic", Permission.MANAGE_CATALOG, "Clinic profile set: " + name
                    + (found.isEmpty() || !despiteWarning ? "" : " (the blood-donation policy states "
                    + String.join(", ", found) + "; saved despite the warning, which the audit trail keeps)"),
                    s -> s.setClinic(new Catalog.Clinic(name, address, phone, policy, false), despiteWarning));
        }
    }

    @Command(name = "add-physician", mixinStandardHelpOptions = true, description = "Add a physician.")
    static final class AddPhysician implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--licence", required = true, paramLabel = "NUMBER", description = "医籍登録番号.")
        String licence;

        @Override
        public Integer call() {
            return change(parent.root, "catalog add-physician", Permission.MANAGE_CATALOG, "Added physician " + name,
                    s -> s.addPhysician(new Catalog.Physician(name, licence, true)));
        }
    }

    @Command(name = "set-physician", mixinStandardHelpOptions = true,
            description = "Mark a physician inactive (no longer offered for a new consultation; their records stay) "
                    + "or active again.")
    static final class SetPhysician implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--licence", required = true, paramLabel = "NUMBER", description = "医籍登録番号.")
        String licence;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        State state;

        static final class State {
            @Option(names = "--inactive", required = true, description = "No longer offered for a new consultation.")
            boolean inactive;

            @Option(names = "--active", required = true, description = "Offered again.")
            boolean active;
        }

        @Override
        public Integer call() {
            boolean active = state.active;
            return change(parent.root, "catalog set-physician", Permission.MANAGE_CATALOG, "Physician with licence "
                    + licence + " is now " + (active ? "active" : "inactive"),
                    s -> s.setPhysicianActive(licence, active));
        }
    }

    @Command(name = "add-product", mixinStandardHelpOptions = true,
            description = "Add a product with the tests performed on it, its gamma-sterilisation status, its origin "
                    + "and how it is supplied.")
    static final class AddProduct implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--manufacturer", required = true)
        String manufacturer;

        @Option(names = "--source-cells", required = true, description = "E.g. human umbilical cord MSCs.")
        String sourceCells;

        @Option(names = "--virus-test", paramLabel = "TEST",
                description = "A test performed (repeat for each; at least one): HIV-1/2, HBV, HCV, HTLV-1, …")
        List<String> tests = List.of();

        @Option(names = "--sterilisation", required = true, paramLabel = "STATUS",
                description = "sterilised, not-sterilised or unknown.")
        String sterilisation;

        @Option(names = "--storage")
        String storage;

        @picocli.CommandLine.Mixin
        OriginAndSupply facts;

        @Override
        public Integer call() {
            return change(parent.root, "catalog add-product", Permission.MANAGE_CATALOG, "Added product " + name,
                    s -> s.addProduct(new Catalog.Product(name, manufacturer, sourceCells, tests, sterilisation,
                            storage, facts.origin, facts.supply)));
        }
    }

    /** Where a product's vesicles come from and how it reaches the clinic (Catalog.ORIGINS, Catalog.SUPPLIES). */
    static final class OriginAndSupply {
        @Option(names = "--origin", required = true, paramLabel = "ORIGIN",
                description = "Where its vesicles come from: allogeneic (another person's cells), autologous (the "
                        + "patient's own cells), non-human (e.g. a plant) or unknown.")
        String origin;

        @Option(names = "--supply", required = true, paramLabel = "HOW",
                description = "How it reaches the clinic: cosmetic-ingredient, research-reagent, clinic-prepared, "
                        + "other or unknown.")
        String supply;
    }

    @Command(name = "set-product", mixinStandardHelpOptions = true,
            description = "Say where a product's vesicles come from and how it reaches the clinic (a product "
                    + "registered before the release that asked for them is 'unknown').")
    static final class SetProduct implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--name", required = true)
        String name;

        @picocli.CommandLine.Mixin
        OriginAndSupply facts;

        @Override
        public Integer call() {
            return change(parent.root, "catalog set-product", Permission.MANAGE_CATALOG, "Product " + name
                    + ": origin " + facts.origin + ", supplied as " + facts.supply,
                    s -> s.setProductOriginAndSupply(name, facts.origin, facts.supply));
        }
    }

    @Command(name = "add-lot", mixinStandardHelpOptions = true, description = "Add a lot of a product.")
    static final class AddLot implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--product", required = true)
        String product;

        @Option(names = "--lot", required = true, paramLabel = "NUMBER")
        String lot;

        @Option(names = "--expiry", required = true, paramLabel = "DATE")
        LocalDate expiry;

        @Option(names = "--qc", paramLabel = "TEXT", description = "Optional QC figures.")
        String qc;

        @Override
        public Integer call() {
            return change(parent.root, "catalog add-lot", Permission.MANAGE_CATALOG, "Added lot " + lot + " of " + product,
                    s -> s.addLot(new Catalog.Lot(product, lot, expiry, qc)));
        }
    }
}
