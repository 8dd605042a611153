package org.exoconsent.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.exoconsent.consent.Identifiers;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.CatalogAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"The clinic's catalog: profile, physicians, products and lots.",
            "Every text a patient reads has an English twin, given with the same option and '-en' (--name-en, "
                    + "--address-en, --blood-donation-policy-en, --manufacturer-en, --source-cells-en, --virus-test-en, "
                    + "--storage-en): a consultation in English is refused until the clinic's, its physician's and its "
                    + "product's English texts are written. 'catalog show' lists what is missing."},
        subcommands = {CatalogCommand.Show.class, CatalogCommand.SetClinic.class, CatalogCommand.AddPhysician.class,
            CatalogCommand.SetPhysician.class, CatalogCommand.AddProduct.class, CatalogCommand.SetProduct.class,
            CatalogCommand.AddLot.class, CatalogCommand.RemoveDemo.class})
final class CatalogCommand implements Runnable {
    @ParentCommand
    ExoConsentCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "name a command: catalog show, set-clinic, add-physician, set-physician, add-product, add-lot");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = {"Print the catalog.",
        "A lot whose expiry cannot be read (changed outside ExoConsent) is listed as 'unreadable (damaged)', its damage "
                + "and repair named, and the command exits 1; the other lots are listed as usual."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call() {
            ExoConsentCli cli = parent.root;
            CatalogAdministration catalog = new CatalogAdministration(new CommandOpening(cli, "catalog show",
                    Permission.READ_CATALOG));
            try {
                RecordStore.CatalogView c = catalog.catalog();
                if (c.clinic() != null) {
                    cli.out.printf("Clinic: %s%s%n  %s, %s%n  blood donation policy: %s%n", c.clinic().name(),
                            c.clinic().demo() ? "  [DEMO DATA]" : "", c.clinic().address(), c.clinic().phone(),
                            c.clinic().bloodDonationPolicy());
                    c.clinic().texts().forEach((lang, t) -> cli.out.printf("  [%s] %s%n  [%s] %s%n  [%s] blood "
                            + "donation policy: %s%n", lang, t.name(), lang, t.address(), lang,
                            t.bloodDonationPolicy()));
                }
                cli.out.println("Physicians:");
                c.physicians().forEach(p -> cli.out.printf("  %s (licence %s)%s%s%n", p.name(), p.licenceNumber(),
                        p.active() ? "" : " — inactive", names(p.names())));
                cli.out.println("Products:");
                for (Catalog.Product p : c.products()) {
                    cli.out.printf("  %s — %s; %s; origin: %s; supplied as: %s; tests: %s; sterilisation: %s%s%n",
                            p.name(), p.manufacturer(), p.sourceCells(), p.origin(), p.supply(),
                            p.virusTests().isEmpty() ? "none documented" : String.join(", ", p.virusTests()),
                            p.sterilisation(), p.storage() == null ? "" : "; storage: " + p.storage());
                    p.texts().forEach((lang, t) -> cli.out.printf("    [%s] %s — %s; %s; tests: %s%s%n", lang,
                            t.name(), t.manufacturer(), t.sourceCells(), String.join(", ", t.virusTests()),
                            t.storage() == null ? "" : "; storage: " + t.storage()));
                }
                cli.out.println("Lots:");
                c.lots().forEach(l -> cli.out.printf("  %s  lot %s  expires %s%s%n", l.product(), l.number(),
                        l.expiry(), l.qc() == null ? "" : "  QC: " + l.qc()));
                // a lot whose row cannot be read is listed, marked, and named below (issue 17): it stops only itself
                c.damagedLots().forEach(l -> cli.out.printf("  %s  lot %s  expires %s (cannot be chosen for a "
                        + "consultation)%n", l.product(), l.number(), RecordRow.UNREADABLE));
                // one lot registered under two spellings before 1.3 (issue 14 §5): kept, since consents name each
                c.lots().stream().collect(java.util.stream.Collectors.groupingBy(l -> List.of(l.product(),
                        Identifiers.key(l.number())), java.util.LinkedHashMap::new, java.util.stream.Collectors
                        .mapping(Catalog.Lot::number, java.util.stream.Collectors.toList()))).forEach((k, numbers) -> {
                            if (numbers.size() > 1) {
                                cli.out.printf("Note: lots %s of %s are one lot number written differently, "
                                        + "registered before this was refused; both are kept (consents may name "
                                        + "either) and a recall of either finds both.%n", String.join(" and ",
                                        numbers), k.get(0));
                            }
                        });
                for (RecordStore.MissingTexts m : catalog.textNotices()) {
                    cli.out.printf("Missing in %s (a consultation in %s is refused until they are written):%n",
                            Catalog.languageName(m.language()), Catalog.languageName(m.language()));
                    m.missing().forEach(x -> cli.out.println("  " + x.describe()));
                }
                c.damagedLots().forEach(l -> cli.err.println("DAMAGED: " + l.damage()));
                return c.damagedLots().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_INTACT;
            } catch (StoreException e) {
                cli.err.println(e.getMessage());
                return ExitCodes.of(e);
            }
        }
    }

    private static String names(java.util.Map<String, String> names) {
        StringBuilder out = new StringBuilder();
        names.forEach((lang, name) -> out.append("  [").append(lang).append("] ").append(name));
        return out.toString();
    }

    /** Runs one catalog change and maps its outcome to an exit code. */
    interface Change {
        void apply(CatalogAdministration catalog) throws StoreException;
    }

    static int change(ExoConsentCli cli, String what, Permission needs, String done, Change change) {
        return CommandOpening.change(cli, done, () -> change.apply(new CatalogAdministration(new CommandOpening(cli,
                what, needs))));
    }

    @Command(name = "set-clinic", mixinStandardHelpOptions = true,
            description = {"Set the clinic profile printed on every document (replaces the demo clinic), and its "
                    + "English texts.",
                "Give the Japanese profile (--name, --address, --phone, --blood-donation-policy), the English texts "
                        + "(--name-en, --address-en, --blood-donation-policy-en), or both; each set whole."})
    static final class SetClinic implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", description = "The clinic's name (Japanese).")
        String name;

        @Option(names = "--address", description = "The clinic's address (Japanese), as printed on every document.")
        String address;

        @Option(names = "--phone", description = "The clinic's telephone number, as printed on every document.")
        String phone;

        @Option(names = "--blood-donation-policy", paramLabel = "TEXT",
                description = "The clinic's own text, quoted in the blood-donation section. Never a deferral period "
                        + "the clinic cannot source: a text that states a period is refused (exit 3) "
                        + "unless --despite-warning is given.")
        String policy;

        @Option(names = "--name-en", paramLabel = "TEXT", description = "The clinic's name in English.")
        String nameEn;

        @Option(names = "--address-en", paramLabel = "TEXT", description = "The address, written in English.")
        String addressEn;

        @Option(names = "--blood-donation-policy-en", paramLabel = "TEXT",
                description = "The blood-donation policy in English (the same rule about periods).")
        String policyEn;

        @Option(names = "--despite-warning",
                description = "Save a blood-donation policy that states a period anyway (audited with "
                        + "the warning).")
        boolean despiteWarning;

        @Override
        public Integer call() {
            boolean own = name != null || address != null || phone != null || policy != null;
            boolean english = nameEn != null || addressEn != null || policyEn != null;
            CommandLine cmd = spec.commandLine();
            if (!own && !english) {
                throw new CommandLine.ParameterException(cmd, "give the profile (--name, --address, --phone, "
                        + "--blood-donation-policy), its English texts (--name-en, --address-en, "
                        + "--blood-donation-policy-en), or both");
            }
            if (own && (name == null || address == null || phone == null || policy == null)) {
                throw new CommandLine.ParameterException(cmd, "the profile is set whole: give --name, --address, "
                        + "--phone and --blood-donation-policy");
            }
            if (english && (nameEn == null || addressEn == null || policyEn == null)) {
                throw new CommandLine.ParameterException(cmd, "the English texts are set whole: give --name-en, "
                        + "--address-en and --blood-donation-policy-en");
            }
            Catalog.ClinicText en = english ? new Catalog.ClinicText(nameEn, addressEn, policyEn) : null;
            java.util.List<String> found = new java.util.ArrayList<>();
            if (policy != null) {
                found.addAll(org.exoconsent.records.BloodDonationPolicy.periods(policy));
            }
            if (policyEn != null) {
                found.addAll(org.exoconsent.records.BloodDonationPolicy.periods(policyEn));
            }
            String warning = found.isEmpty() || !despiteWarning ? "" : " (the blood-donation policy states "
                    + String.join(", ", found) + "; saved despite the warning, which the audit trail keeps)";
            if (!own) {
                return change(parent.root, "catalog set-clinic", Permission.MANAGE_CATALOG, "Clinic's English texts "
                        + "set: " + nameEn + warning, s -> s.setClinicText("en", en, despiteWarning));
            }
            return change(parent.root, "catalog set-clinic", Permission.MANAGE_CATALOG, "Clinic profile set: " + name
                    + (english ? " / " + nameEn : "") + warning,
                    s -> s.setClinic(new Catalog.Clinic(name, address, phone, policy, false,
                            english ? java.util.Map.of("en", en) : java.util.Map.of()), despiteWarning));
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

        @Option(names = "--name-en", paramLabel = "NAME",
                description = "The name in Latin letters, as an English document prints it (e.g. Taro Yamada).")
        String nameEn;

        @Override
        public Integer call() {
            return change(parent.root, "catalog add-physician", Permission.MANAGE_CATALOG, "Added physician " + name
                    + (nameEn == null ? "" : " / " + nameEn),
                    s -> s.addPhysician(new Catalog.Physician(name, licence, true,
                            nameEn == null ? java.util.Map.of() : java.util.Map.of("en", nameEn))));
        }
    }

    @Command(name = "set-physician", mixinStandardHelpOptions = true,
            description = "Mark a physician inactive (no longer offered for a new consultation; their records stay) "
                    + "or active again, and/or set their name in Latin letters (--name-en).")
    static final class SetPhysician implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--licence", required = true, paramLabel = "NUMBER", description = "医籍登録番号.")
        String licence;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
        State state;

        @Option(names = "--name-en", paramLabel = "NAME",
                description = "The name in Latin letters, as an English document prints it (e.g. Taro Yamada).")
        String nameEn;

        static final class State {
            @Option(names = "--inactive", required = true, description = "No longer offered for a new consultation.")
            boolean inactive;

            @Option(names = "--active", required = true, description = "Offered again.")
            boolean active;
        }

        @Override
        public Integer call() {
            if (state == null && nameEn == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --active, --inactive or "
                        + "--name-en");
            }
            StringBuilder done = new StringBuilder("Physician with licence " + licence);
            if (nameEn != null) {
                done.append(": English name ").append(nameEn);
            }
            if (state != null) {
                done.append(nameEn != null ? "; " : " ").append("is now ").append(state.active ? "active" : "inactive");
            }
            return change(parent.root, "catalog set-physician", Permission.MANAGE_CATALOG, done.toString(), s -> {
                // both changes or neither: the state is checked before the name is saved
                Catalog.Physician known = s.catalog().physicians().stream()
                        .filter(x -> x.licenceNumber().equals(licence)).findFirst().orElse(null);
                if (state != null && known != null && known.active() == state.active) {
                    throw new IllegalArgumentException("physician " + known.name() + " (licence " + licence
                            + "): is already " + (state.active ? "active" : "inactive"));
                }
                if (nameEn != null) {
                    s.setPhysicianName(licence, "en", nameEn);
                }
                if (state != null) {
                    s.setPhysicianActive(licence, state.active);
                }
            });
        }
    }

    @Command(name = "add-product", mixinStandardHelpOptions = true,
            description = "Add a product with the tests performed on it, its gamma-sterilisation status, its origin "
                    + "and how it is supplied.")
    static final class AddProduct implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--manufacturer", required = true, description = "Who makes or supplies the product.")
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

        @picocli.CommandLine.Mixin
        EnglishTexts english;

        @Override
        public Integer call() {
            Catalog.ProductText en = english.text(spec.commandLine(), false);
            return change(parent.root, "catalog add-product", Permission.MANAGE_CATALOG, "Added product " + name
                    + (en == null ? "" : " / " + en.name()),
                    s -> s.addProduct(new Catalog.Product(name, manufacturer, sourceCells, tests, sterilisation,
                            storage, facts.origin, facts.supply, en == null ? java.util.Map.of()
                            : java.util.Map.of("en", en))));
        }
    }

    /** A product's texts in English, each the twin of an option of add-product. */
    static final class EnglishTexts {
        @Option(names = "--name-en", paramLabel = "TEXT", description = "The product's name in English.")
        String name;

        @Option(names = "--manufacturer-en", paramLabel = "TEXT", description = "The manufacturer, in English.")
        String manufacturer;

        @Option(names = "--source-cells-en", paramLabel = "TEXT",
                description = "The source cells in English, e.g. mesenchymal stem cells from human umbilical cord.")
        String sourceCells;

        @Option(names = "--virus-test-en", paramLabel = "TEST",
                description = "Each test in English, in the order of the product's own tests (repeat for each).")
        List<String> tests = List.of();

        @Option(names = "--storage-en", paramLabel = "TEXT",
                description = "The storage in English (exactly when the product has a storage text).")
        String storage;

        /**
         * The English texts given, or null when none was; some but not all of the required ones are a command-line
         * error (the store checks the rest: one test per test, storage with storage, English only).
         */
        Catalog.ProductText text(CommandLine cmd, boolean required) {
            boolean any = name != null || manufacturer != null || sourceCells != null || !tests.isEmpty()
                    || storage != null;
            if (!any && !required) {
                return null;
            }
            if (name == null || manufacturer == null || sourceCells == null || tests.isEmpty()) {
                throw new CommandLine.ParameterException(cmd, "the product's English texts are given whole: "
                        + "--name-en, --manufacturer-en, --source-cells-en, --virus-test-en (one for each test) and, "
                        + "when the product has a storage text, --storage-en");
            }
            return new Catalog.ProductText(name, manufacturer, sourceCells, tests, storage);
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
            description = {"Say where a product's vesicles come from and how it reaches the clinic (a product "
                    + "registered before the release that asked for them is 'unknown'), and/or set its English texts.",
                "Give --origin with --supply, the English texts (--name-en, --manufacturer-en, --source-cells-en, "
                        + "--virus-test-en for each test, --storage-en), or both."})
    static final class SetProduct implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "The product's name in the catalog.")
        String name;

        @Option(names = "--origin", paramLabel = "ORIGIN",
                description = "Where its vesicles come from: allogeneic (another person's cells), autologous (the "
                        + "patient's own cells), non-human (e.g. a plant) or unknown.")
        String origin;

        @Option(names = "--supply", paramLabel = "HOW",
                description = "How it reaches the clinic: cosmetic-ingredient, research-reagent, clinic-prepared, "
                        + "other or unknown.")
        String supply;

        @picocli.CommandLine.Mixin
        EnglishTexts english;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            Catalog.ProductText en = english.text(cmd, false);
            if ((origin == null) != (supply == null)) {
                throw new CommandLine.ParameterException(cmd, "give --origin and --supply together");
            }
            if (origin == null && en == null) {
                throw new CommandLine.ParameterException(cmd, "give --origin and --supply, the English texts "
                        + "(--name-en …), or both");
            }
            StringBuilder done = new StringBuilder("Product " + name);
            if (origin != null) {
                done.append(": origin ").append(origin).append(", supplied as ").append(supply);
            }
            if (en != null) {
                done.append(origin != null ? "; " : ": ").append("English texts set (").append(en.name()).append(')');
            }
            return change(parent.root, "catalog set-product", Permission.MANAGE_CATALOG, done.toString(), s -> {
                // both changes or neither: origin and supply are checked before the texts are saved
                if (origin != null && !Catalog.ORIGINS.contains(origin)) {
                    throw new IllegalArgumentException("product '" + name + "': origin: '" + origin
                            + "' is not one of " + String.join(", ", Catalog.ORIGINS));
                }
                if (supply != null && !Catalog.SUPPLIES.contains(supply)) {
                    throw new IllegalArgumentException("product '" + name + "': supply: '" + supply
                            + "' is not one of " + String.join(", ", Catalog.SUPPLIES));
                }
                if (en != null) {
                    s.setProductText(name, "en", en);
                }
                if (origin != null) {
                    s.setProductOriginAndSupply(name, origin, supply);
                }
            });
        }
    }

    @Command(name = "add-lot", mixinStandardHelpOptions = true, description = "Add a lot of a product.")
    static final class AddLot implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Option(names = "--product", required = true, description = "The product's name as the catalog lists it.")
        String product;

        @Option(names = "--lot", required = true, paramLabel = "NUMBER", description = "The lot number as the "
                + "maker prints it.")
        String lot;

        @Option(names = "--expiry", required = true, paramLabel = "DATE", description = "The lot's expiry date, "
                + "YYYY-MM-DD.")
        LocalDate expiry;

        @Option(names = "--qc", paramLabel = "TEXT", description = "Optional QC figures.")
        String qc;

        @Override
        public Integer call() {
            java.time.LocalDate[] addedOn = new java.time.LocalDate[1];
            int exit = CommandOpening.change(parent.root, null, () -> addedOn[0] = new CatalogAdministration(
                    new CommandOpening(parent.root, "catalog add-lot", Permission.MANAGE_CATALOG))
                    .addLot(new Catalog.Lot(product, lot, expiry, qc)));
            if (exit == ExitCodes.OK) {
                parent.root.out.println("Added lot " + lot.strip() + " of " + product + " (expiry " + expiry + ")");
                if (expiry.isBefore(addedOn[0])) { // registered for a recall; a confirmation refuses it (RecordStore.confirmAs)
                    parent.root.out.println("Its expiry date, " + expiry + ", has passed (the clinic's date is "
                            + addedOn[0] + "): a recall finds it, but no treatment can be confirmed on it.");
                }
            }
            return exit;
        }
    }

    /**
     * {@code catalog remove-demo}: the practice physician, products and lots a new store starts with are removed, as
     * the app's first-run set-up removes them (README trial of issue 17: the command line could not). A demo product
     * that has another lot stays; records made while practising stay, as every record does. Audited
     * {@code catalog:demo-removed}.
     */
    @Command(name = "remove-demo", mixinStandardHelpOptions = true, description = {"Remove the practice "
        + "physician (山田 太郎, licence 123456), products and lots a new store starts with, once the clinic has its "
        + "own (audited).", "A demo product to which the clinic added a lot of its own stays. Records made while "
            + "practising stay, as every record does."})
    static final class RemoveDemo implements Callable<Integer> {
        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call() {
            Catalog.DemoRemoved[] removed = new Catalog.DemoRemoved[1];
            int exit = CommandOpening.change(parent.root, null, () -> removed[0] = new CatalogAdministration(
                    new CommandOpening(parent.root, "catalog remove-demo", Permission.MANAGE_CATALOG))
                    .removeDemoCatalog());
            if (exit != ExitCodes.OK) {
                return exit;
            }
            Catalog.DemoRemoved r = removed[0];
            parent.root.out.println(r.nothing() ? "The demo catalog is removed already: nothing was changed."
                    : "Removed the demo catalog: " + count(r.physicians(), "physician") + ", "
                    + count(r.products(), "product") + " and " + count(r.lots(), "lot") + ".");
            if (!r.keptDemoProducts().isEmpty()) { // a demo product the clinic added a lot to stays, and is offered
                parent.root.out.println("Kept the demo product" + (r.keptDemoProducts().size() == 1 ? " " : "s ")
                        + String.join(", ", r.keptDemoProducts().stream().map(n -> "'" + n + "'").toList())
                        + ": the clinic added a lot of its own to it (its texts are the demo's fictitious maker's; "
                        + "see catalog show).");
            }
            // a catalog left without what a consultation needs: said, with the commands that add it
            List<String> missing = new java.util.ArrayList<>();
            if (r.physiciansLeft() == 0) {
                missing.add("no active physician (catalog add-physician --name NAME --licence NUMBER"
                        + (r.inactivePhysiciansLeft() > 0 ? ", or offer an inactive one again: catalog set-physician "
                        + "--licence NUMBER --active" : "") + ")");
            }
            if (r.productsLeft() == 0) {
                missing.add("no product (catalog add-product …; see catalog add-product --help)");
            }
            if (r.usableLotsLeft() == 0) {
                missing.add("no lot that has not expired (catalog add-lot --product NAME --lot NUMBER "
                        + "--expiry YYYY-MM-DD)");
            }
            if (!missing.isEmpty()) {
                parent.root.out.println("No consultation can start until the catalog has what it lacks: "
                        + String.join("; ", missing) + ".");
            }
            return exit;
        }

        private static String count(int n, String thing) {
            return n + " " + thing + (n == 1 ? "" : "s");
        }
    }
}
