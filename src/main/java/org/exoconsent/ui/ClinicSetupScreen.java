package org.exoconsent.ui;

import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.StoreException;

/**
 * The rest of the first run, for the new administrator: the clinic's profile and blood-donation policy (printed
 * on every consent), the signing key (a self-signed one now, or the clinic's PKCS#12 from a certification
 * authority), whether to keep the practice catalog, and, when it is not kept, the clinic's first product with
 * its first lot (optional; checked before anything is saved, then added through the store after the clinic).
 * "Later" keeps the demo clinic for practice. The store's side is {@link FirstRunSetup}, run on the app's
 * background executor.
 */
final class ClinicSetupScreen {
    private final ResourceBundle ui;
    private final FirstRunSetup setup;
    private final Executor background;
    private final Supplier<ClinicClock> clinicClock;
    private final Runnable done;

    /**
     * @param ui          the screens' messages
     * @param setup       the store's side, as the new administrator
     * @param background  the app's background executor
     * @param clinicClock the clinic's clock (a first lot's expiry is checked against its today)
     * @param done        called on the FX thread once the set-up is saved, or on "later"
     */
    ClinicSetupScreen(ResourceBundle ui, FirstRunSetup setup, Executor background, Supplier<ClinicClock> clinicClock,
                      Runnable done) {
        this.ui = ui;
        this.setup = setup;
        this.background = background;
        this.clinicClock = clinicClock;
        this.done = done;
    }

    /** The set-up form, in a scroll pane (it is taller than the screen once the product part shows). */
    javafx.scene.Parent view() {
        javafx.scene.control.TextField name = new javafx.scene.control.TextField();
        name.setId("setup-clinic-name");
        javafx.scene.control.TextField address = new javafx.scene.control.TextField();
        address.setId("setup-clinic-address");
        javafx.scene.control.TextField phone = new javafx.scene.control.TextField();
        phone.setId("setup-clinic-phone");
        javafx.scene.control.TextArea policy = new javafx.scene.control.TextArea();
        policy.setId("setup-policy");
        policy.setWrapText(true);
        policy.setPrefRowCount(3);
        // the same texts in English (issue 12 §2), optional here: a consultation in English needs them
        javafx.scene.control.TextField nameEn = new javafx.scene.control.TextField();
        nameEn.setId("setup-clinic-name-en");
        javafx.scene.control.TextField addressEn = new javafx.scene.control.TextField();
        addressEn.setId("setup-clinic-address-en");
        javafx.scene.control.TextArea policyEn = new javafx.scene.control.TextArea();
        policyEn.setId("setup-policy-en");
        policyEn.setWrapText(true);
        policyEn.setPrefRowCount(2);
        javafx.scene.control.ToggleGroup keyChoice = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.RadioButton selfSigned = new javafx.scene.control.RadioButton(
                ui.getString("setup.keySelfSigned"));
        selfSigned.setId("setup-key-self-signed");
        selfSigned.setToggleGroup(keyChoice);
        selfSigned.setSelected(true);
        selfSigned.setWrapText(true);
        selfSigned.setMaxWidth(640);
        javafx.scene.control.RadioButton imported = new javafx.scene.control.RadioButton(
                ui.getString("setup.keyImport"));
        imported.setId("setup-key-import");
        imported.setToggleGroup(keyChoice);
        imported.setWrapText(true);
        imported.setMaxWidth(640);
        javafx.scene.control.TextField p12 = new javafx.scene.control.TextField();
        p12.setId("setup-key-file");
        p12.setPrefColumnCount(40);
        p12.setPromptText(ui.getString("setup.keyFile"));
        PasswordField p12Password = new PasswordField();
        p12Password.setId("setup-key-password");
        p12Password.setPromptText(ui.getString("setup.keyPassword"));
        Button browse = new Button(ui.getString("records.browse"));
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "..." (issue 16 §4)
        browse.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PKCS#12", "*.p12",
                    "*.pfx"));
            java.io.File f = org.exoconsent.ui.controls.Dialogs.system(browse.getScene().getWindow(),
                    () -> chooser.showOpenDialog(null));
            if (f != null) {
                p12.setText(f.getPath());
            }
        });
        for (javafx.scene.Node n : new javafx.scene.Node[] {p12, p12Password, browse}) {
            n.disableProperty().bind(imported.selectedProperty().not());
        }
        javafx.scene.control.CheckBox keepDemo = new javafx.scene.control.CheckBox(ui.getString("setup.keepDemo"));
        keepDemo.setId("setup-keep-demo");
        keepDemo.setSelected(true);
        // without the practice catalog the clinic would start with no product: its first one can be given here
        org.exoconsent.ui.admin.FirstProductForm firstProduct = new org.exoconsent.ui.admin.FirstProductForm(ui,
                () -> clinicClock.get().today());
        firstProduct.visibleProperty().bind(keepDemo.selectedProperty().not());
        firstProduct.managedProperty().bind(firstProduct.visibleProperty());
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane();
        Label message = new Label();
        message.setId("setup-message");
        message.setWrapText(true);
        Button finish = new Button(ui.getString("setup.finish"));
        finish.setId("setup-finish");
        finish.getStyleClass().add("primary");
        finish.disableProperty().bind(name.textProperty().isEmpty().or(address.textProperty().isEmpty())
                .or(phone.textProperty().isEmpty()).or(policy.textProperty().isEmpty()));
        // while the clinic is set up (the signing key made, the catalog written): turning, with its words
        javafx.scene.control.ProgressIndicator saving = new javafx.scene.control.ProgressIndicator();
        saving.setId("setup-progress");
        saving.setAccessibleText(ui.getString("loading.saving"));
        saving.setPrefSize(28, 28);
        saving.setVisible(false);
        Button later = new Button(ui.getString("setup.later"));
        later.setId("setup-later");
        later.setOnAction(e -> done.run());
        // the demo clinic's policy as a starting point, to be replaced by the clinic's own words
        Task<String> current = new Task<>() {
            @Override
            protected String call() throws StoreException {
                return setup.currentPolicy();
            }
        };
        current.setOnSucceeded(e -> {
            if (policy.getText().isEmpty() && current.getValue() != null) {
                policy.setText(current.getValue());
            }
        });
        background.execute(current);
        finish.setOnAction(e -> {
            message.setText("");
            Catalog.ClinicText english = new Catalog.ClinicText(nameEn.getText().strip(), addressEn.getText().strip(),
                    policyEn.getText().strip());
            org.exoconsent.ui.admin.AdminViewModel.Message englishProblem =
                    org.exoconsent.ui.admin.AdminViewModel.englishProblem(english);
            if (englishProblem != null) {
                message.setText(java.text.MessageFormat.format(ui.getString(englishProblem.key()),
                        englishProblem.args().toArray()));
                return;
            }
            boolean withEnglish = !english.name().isEmpty();
            boolean keep = keepDemo.isSelected();
            // the product first: a refused one is said beside its field, and nothing at all is saved
            java.util.List<org.exoconsent.ui.admin.ProductValidation.FieldProblem> productProblems = keep
                    ? java.util.List.of() : firstProduct.check();
            if (!productProblems.isEmpty()) {
                message.setText(ui.getString("setup.productProblems"));
                javafx.scene.control.Control first = firstProduct.control(productProblems.get(0).field());
                first.requestFocus();
                reveal(scroll, first);
                return;
            }
            org.exoconsent.ui.admin.ProductValidation.FirstProduct given = keep ? null : firstProduct.input();
            Catalog.Product product = given == null || given.isEmpty() ? null : given.product().product();
            Catalog.Lot lot = product == null ? null : given.lot().lot();
            finish.disableProperty().unbind();
            finish.setDisable(true);
            boolean importKey = imported.isSelected();
            java.nio.file.Path keyFile = importKey ? java.nio.file.Path.of(p12.getText().strip()) : null;
            char[] keyPassword = p12Password.getText().toCharArray();
            Catalog.Clinic clinic = new Catalog.Clinic(name.getText().strip(), address.getText().strip(),
                    phone.getText().strip(), policy.getText().strip(), false,
                    withEnglish ? java.util.Map.of("en", english) : java.util.Map.of());
            java.util.List<String> found = new java.util.ArrayList<>(org.exoconsent.records.BloodDonationPolicy
                    .periods(clinic.bloodDonationPolicy()));
            found.addAll(org.exoconsent.records.BloodDonationPolicy.periods(english.bloodDonationPolicy()));
            if (!found.isEmpty()) {
                javafx.scene.control.Alert ask = new javafx.scene.control.Alert(
                        javafx.scene.control.Alert.AlertType.CONFIRMATION, java.text.MessageFormat.format(
                                ui.getString("setup.policyWarning"), String.join("、", found)),
                        javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
                ask.getDialogPane().setId("policy-warning");
                org.exoconsent.ui.controls.Dialogs.over(finish, ask);
                if (ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isEmpty()) {
                    finish.setDisable(false);
                    return;
                }
            }
            boolean despiteWarning = !found.isEmpty();
            FirstRunSetup.Setup toSave = new FirstRunSetup.Setup(clinic, despiteWarning, keyFile, keyPassword, keep,
                    product, lot);
            Task<Void> setUp = new Task<>() {
                @Override
                protected Void call() throws Exception {
                    setup.save(toSave);
                    return null;
                }
            };
            saving.visibleProperty().bind(setUp.runningProperty()); // issue 16 §7: the key may take a moment
            setUp.setOnSucceeded(x -> done.run());
            setUp.setOnFailed(x -> {
                finish.setDisable(false);
                message.setText(setUp.getException().getMessage());
            });
            background.execute(setUp);
        });
        Label title = new Label(ui.getString("setup.title"));
        title.getStyleClass().add("section-title");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        int row = labelledRows(grid, new Object[][] {{"setup.clinicName", name}, {"setup.clinicAddress", address},
            {"setup.clinicPhone", phone}, {"setup.policy", policy}});
        grid.add(policyHelp(), 1, row++);
        // the same texts in English (issue 12 §2): optional here, folded so that the set-up stays one screen
        GridPane englishGrid = new GridPane();
        englishGrid.setHgap(12);
        englishGrid.setVgap(8);
        labelledRows(englishGrid, new Object[][] {{"setup.clinicNameEn", nameEn},
            {"setup.clinicAddressEn", addressEn}, {"setup.policyEn", policyEn}});
        javafx.scene.control.TitledPane english = new javafx.scene.control.TitledPane(ui.getString("setup.english"),
                englishGrid);
        english.setId("setup-english");
        english.setExpanded(false);
        english.setAnimated(false);
        english.setMaxWidth(920);
        grid.add(english, 0, row++, 2, 1);
        Label keyLabel = new Label(ui.getString("setup.key"));
        keyLabel.getStyleClass().add("field-label");
        String sharedStoreNote = setup.sharedStoreKeyNote();
        if (sharedStoreNote == null) {
            grid.addRow(row++, keyLabel, new VBox(6, selfSigned, imported, new javafx.scene.layout.HBox(8, p12,
                    browse), p12Password));
        } else {
            // a shared store: this device's key is made now and registered by an administrator with the database
            // owner's login, which the app never has (attack review of issue 17, F2); no import from here
            Label note = new Label(sharedStoreNote);
            note.setId("setup-key-shared-store");
            note.setWrapText(true);
            note.setMaxWidth(640);
            Task<String> owner = new Task<>() { // the owner's role as the server names it: the commands run as copied
                @Override
                protected String call() throws StoreException {
                    return setup.databaseOwner();
                }
            };
            owner.setOnSucceeded(e -> {
                if (owner.getValue() != null) {
                    note.setText(setup.sharedStoreKeyNote(owner.getValue()));
                }
            });
            background.execute(owner);
            org.exoconsent.ui.controls.CopyMessageButton copyNote = new org.exoconsent.ui.controls.CopyMessageButton(
                    ui, "setup-key-copy", note::getText); // the commands, to run where the owner's login is
            copyNote.show(true);
            grid.addRow(row++, keyLabel, new VBox(6, selfSigned, note, copyNote));
        }
        grid.addRow(row, new Label(), keepDemo);
        // the message above the buttons: in view with the button pressed, and with the first field to correct
        VBox box = new VBox(14, title, grid, firstProduct, message, new javafx.scene.layout.HBox(12, finish, later,
                saving));
        box.setPadding(new Insets(32));
        scroll.setContent(box);
        // the form is taller than the screen once the product part shows: keep the focused field in view
        javafx.beans.value.ChangeListener<javafx.scene.Node> followFocus = (f, before, now) -> {
            if (now != null && isInside(now, box)) {
                reveal(scroll, now);
            }
        };
        scroll.sceneProperty().addListener((o, was, scene) -> { // and only while the set-up is shown
            if (was != null) {
                was.focusOwnerProperty().removeListener(followFocus);
            }
            if (scene != null) {
                scene.focusOwnerProperty().addListener(followFocus);
            }
        });
        scroll.setFitToWidth(true);
        scroll.setId("setup");
        return scroll;
    }

    /**
     * Adds one row per field to {@code grid}: the label (from its message key) on the left, the field on the right,
     * labelling it for screen readers.
     *
     * @param fields pairs of a message key and its control
     * @return the number of rows added
     */
    private int labelledRows(GridPane grid, Object[][] fields) {
        int row = 0;
        for (Object[] f : fields) {
            Label l = new Label(ui.getString((String) f[0]));
            l.getStyleClass().add("field-label");
            l.setWrapText(true);
            l.setMaxWidth(260);
            javafx.scene.control.Control c = (javafx.scene.control.Control) f[1];
            l.setLabelFor(c);
            c.setAccessibleText(l.getText());
            c.setPrefWidth(640);
            grid.addRow(row++, l, c);
        }
        return row;
    }

    private static boolean isInside(javafx.scene.Node node, javafx.scene.Node container) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == container) {
                return true;
            }
        }
        return false;
    }

    /** Scrolls so that the node is in view, unless it already is (a field below the first screen, a problem). */
    private static void reveal(javafx.scene.control.ScrollPane scroll, javafx.scene.Node node) {
        javafx.scene.Node content = scroll.getContent();
        if (content == null || node.getScene() == null) {
            return;
        }
        javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
        double viewport = scroll.getViewportBounds().getHeight();
        double extra = content.getBoundsInLocal().getHeight() - viewport;
        if (extra <= 0) {
            return;
        }
        double top = scroll.getVvalue() * extra;
        double margin = 48; // the field's label above it, the problem below it
        if (b.getMinY() - margin < top) {
            scroll.setVvalue(Math.max(0, (b.getMinY() - margin) / extra));
        } else if (b.getMaxY() + margin > top + viewport) {
            scroll.setVvalue(Math.min(1, (b.getMaxY() + margin - viewport) / extra));
        }
    }

    /** What the clinic's blood-donation policy should say, and must not (FACTS.md: no deferral period is known). */
    private Label policyHelp() {
        Label help = new Label(ui.getString("setup.policyHelp"));
        help.setId("policy-help");
        help.setWrapText(true);
        help.setMaxWidth(880);
        return help;
    }

}
