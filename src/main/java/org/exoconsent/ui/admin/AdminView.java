package org.exoconsent.ui.admin;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.Role;
import org.exoconsent.records.Settings;

/**
 * The administrator's screen: users and roles, settings (reflection time, idle lock), the clinic profile, the
 * catalog's physicians, products and lots ({@link CatalogTabs}), the consent template versions ({@link
 * TemplatesTab}), and backup and restore.
 */
public final class AdminView extends BorderPane {
    private final AdminViewModel vm;
    private final ResourceBundle ui;

    public AdminView(AdminViewModel vm, ResourceBundle ui, Runnable back) {
        this.vm = vm;
        this.ui = ui;
        HBox top = org.exoconsent.ui.controls.ScreenHeader.of(ui, "admin.title", "admin-back", back);
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);
        TabPane tabs = new TabPane(tab("admin.users", users()), tab("admin.settings", settings()),
                tab("admin.clinic", clinic()), tab("admin.templates", scrolling(new TemplatesTab(vm, ui))),
                tab("admin.backup", scrolling(backup())));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("admin-tabs");
        CatalogTabs.addAfter(tabs, "tab-clinic", vm, ui); // physicians, products and lots
        setCenter(tabs);
        Label message = new Label();
        message.setId("admin-message");
        message.setWrapText(true);
        vm.messageProperty().addListener((o, was, m) -> message.setText(m == null ? "" : MessageFormat.format(
                ui.getString(m.key()), m.args().toArray())));
        // issue 16 §7: while the screen's data is read (and while a change is saved), a turning indicator
        javafx.scene.control.ProgressIndicator reading = new javafx.scene.control.ProgressIndicator();
        reading.setId("admin-progress");
        reading.setAccessibleText(ui.getString("loading.opening"));
        reading.setPrefSize(28, 28);
        reading.visibleProperty().bind(vm.busyProperty());
        reading.managedProperty().bind(reading.visibleProperty());
        javafx.scene.control.ScrollPane messageArea = org.exoconsent.ui.controls.MessageArea.around(message);
        HBox.setHgrow(messageArea, javafx.scene.layout.Priority.ALWAYS);
        HBox status = new HBox(10, reading, messageArea);
        status.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox bottom = new VBox(status);
        bottom.setPadding(new Insets(8, 16, 12, 16));
        setBottom(bottom);
        vm.load();
    }

    /** A tab's content taller than a tablet's screen scrolls instead of cutting its notes short. */
    private static javafx.scene.control.ScrollPane scrolling(javafx.scene.layout.Region content) {
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Tab tab(String key, javafx.scene.Node content) {
        Tab t = new Tab(ui.getString(key), content);
        t.setId("tab-" + key.substring(key.indexOf('.') + 1));
        return t;
    }

    private Label label(String key, Control field) {
        return label(ui, key, field);
    }

    /** A field's label: named for screen readers, and never cut (the field gives way). */
    static Label label(ResourceBundle ui, String key, Control field) {
        Label l = new Label(ui.getString(key));
        l.getStyleClass().add("field-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setLabelFor(field);
        field.setAccessibleText(l.getText());
        return l;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        g.setPadding(new Insets(16));
        return g;
    }

    private javafx.scene.Node users() {
        TableView<Accounts.Account> table = new TableView<>(vm.users());
        table.setId("admin-users");
        table.setAccessibleText(ui.getString("admin.users"));
        column(table, "admin.col.name", Accounts.Account::name, 160);
        column(table, "admin.col.roles", a -> org.exoconsent.ui.controls.UiLanguage.roles(ui, a.roles()), 410);
        column(table, "admin.col.licence", a -> a.physicianLicence() == null ? "" : a.physicianLicence(), 110);
        column(table, "admin.col.language", a -> ui.getString(a.language() == null ? "language.unset"
                : "language." + a.language()), 120);
        column(table, "admin.col.state", a -> !a.active() ? ui.getString("admin.state.disabled")
                : a.lockedUntil() != null && a.lockedUntil().isAfter(vm.clinicClockProperty().get().instant())
                        ? ui.getString("admin.state.locked") : ui.getString("admin.state.active"), 140);
        org.exoconsent.ui.controls.TableColumns.fitToContent(table, Double.MAX_VALUE); // every role named whole
        table.setPrefHeight(260);

        TextField name = new TextField();
        name.setId("admin-user-name");
        Map<Role, CheckBox> roles = new EnumMap<>(Role.class);
        HBox roleBoxes = new HBox(12);
        for (Role r : Role.values()) {
            CheckBox c = new CheckBox(ui.getString("role." + r.label()));
            c.setId("admin-role-" + r.label());
            roles.put(r, c);
            roleBoxes.getChildren().add(c);
        }
        TextField licence = new TextField();
        licence.setId("admin-user-licence");
        PasswordField password = new PasswordField();
        password.setId("admin-user-password");
        // the person's staff language (issue 16 §6): none (this computer's), 日本語 or English
        javafx.scene.control.ComboBox<String> language = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(""));
        language.getItems().addAll(org.exoconsent.ui.controls.UiLanguage.LANGUAGES);
        language.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String l) {
                return ui.getString(l == null || l.isEmpty() ? "language.none" : "language." + l);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        language.setValue("");
        language.setId("admin-user-language");
        table.getSelectionModel().selectedItemProperty().addListener((o, was, a) -> {
            if (a != null) {
                name.setText(a.name());
                roles.forEach((r, c) -> c.setSelected(a.roles().contains(r)));
                licence.setText(a.physicianLicence() == null ? "" : a.physicianLicence());
                language.setValue(a.language() == null ? "" : a.language());
            }
        });
        Button add = new Button(ui.getString("admin.addUser"));
        add.setId("admin-add-user");
        add.getStyleClass().add("primary");
        add.setOnAction(e -> {
            vm.addUser(name.getText(), chosen(roles), licence.getText(), language.getValue() == null
                    || language.getValue().isEmpty() ? null : language.getValue(), password.getText().toCharArray());
            password.clear();
        });
        Button setLanguage = new Button(ui.getString("admin.setLanguage"));
        setLanguage.setId("admin-set-language");
        setLanguage.setOnAction(e -> vm.setLanguage(name.getText().strip(), language.getValue()));
        Button setRoles = new Button(ui.getString("admin.setRoles"));
        setRoles.setId("admin-set-roles");
        setRoles.setOnAction(e -> vm.setRoles(name.getText().strip(), chosen(roles), licence.getText()));
        Button disable = new Button(ui.getString("admin.disable"));
        disable.setId("admin-disable");
        disable.setOnAction(e -> vm.setActive(name.getText().strip(), false));
        Button enable = new Button(ui.getString("admin.enable"));
        enable.setId("admin-enable");
        enable.setOnAction(e -> vm.setActive(name.getText().strip(), true));
        Button setPassword = new Button(ui.getString("admin.setPassword"));
        setPassword.setId("admin-set-password");
        setPassword.setOnAction(e -> {
            vm.setPassword(name.getText().strip(), password.getText().toCharArray());
            password.clear();
        });
        GridPane form = grid();
        form.addRow(0, label("admin.col.name", name), name);
        Label rolesLabel = new Label(ui.getString("admin.col.roles"));
        rolesLabel.getStyleClass().add("field-label");
        form.addRow(1, rolesLabel, roleBoxes);
        form.addRow(2, label("admin.licence", licence), licence);
        form.addRow(3, label("admin.password", password), password);
        // the choice and its button keep their whole texts; on a narrow screen the button goes under (issue 16 §4)
        language.setMinWidth(Region.USE_PREF_SIZE);
        setLanguage.setMinWidth(Region.USE_PREF_SIZE);
        form.addRow(4, label("admin.language", language), new javafx.scene.layout.FlowPane(10, 10, language,
                setLanguage));
        // the buttons keep their whole labels and go onto a second line on a narrow screen (issue 16 §4)
        javafx.scene.layout.FlowPane userButtons = new javafx.scene.layout.FlowPane(10, 10, add, setRoles,
                setPassword, disable, enable);
        userButtons.getChildren().forEach(b -> ((Region) b).setMinWidth(Region.USE_PREF_SIZE));
        form.add(userButtons, 1, 5);
        for (var b : java.util.List.of(add, setRoles, setPassword, disable, enable)) {
            b.disableProperty().bind(vm.busyProperty().or(name.textProperty().isEmpty()));
        }
        setLanguage.disableProperty().bind(vm.busyProperty().or(name.textProperty().isEmpty())
                .or(language.valueProperty().isEqualTo("")));
        VBox box = new VBox(8, table, form);
        box.setPadding(new Insets(12));
        return box;
    }

    private static Set<Role> chosen(Map<Role, CheckBox> roles) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        roles.forEach((r, c) -> {
            if (c.isSelected()) {
                out.add(r);
            }
        });
        return out;
    }

    static <T> void column(TableView<T> table, String key, java.util.function.Function<T, String> value,
                           double width, ResourceBundle ui) {
        TableColumn<T, String> c = new TableColumn<>(ui.getString(key));
        c.setCellValueFactory(x -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(x.getValue())));
        c.setPrefWidth(width);
        table.getColumns().add(c);
    }

    private <T> void column(TableView<T> table, String key, java.util.function.Function<T, String> value,
                            double width) {
        column(table, key, value, width, ui);
    }

    private javafx.scene.Node settings() {
        TextField reflection = new TextField();
        reflection.setId("admin-reflection");
        TextField idle = new TextField();
        idle.setId("admin-idle-lock");
        // the clinic's time zone: every time is recorded, counted and shown in it, whatever this device's zone
        TextField zone = new TextField();
        zone.setId("admin-time-zone");
        zone.setPromptText(org.exoconsent.consent.ClinicClock.DEFAULT_ZONE.getId());
        vm.settingsProperty().addListener((o, was, s) -> {
            if (s != null) {
                // a stored value that cannot be used (changed outside the product) is left empty, to be typed again
                reflection.setText(s.damage(Settings.Key.REFLECTION_MINUTES) != null ? ""
                        : String.valueOf(s.get(Settings.Key.REFLECTION_MINUTES)));
                idle.setText(s.damage(Settings.Key.IDLE_LOCK_MINUTES) != null ? ""
                        : String.valueOf(s.get(Settings.Key.IDLE_LOCK_MINUTES)));
                zone.setText(s.isDefaultTimeZone() ? s.timeZone().getId() : s.storedTimeZone());
            }
        });
        Button save = new Button(ui.getString("admin.save"));
        save.setId("admin-save-settings");
        save.getStyleClass().add("primary");
        save.disableProperty().bind(vm.busyProperty());
        save.setOnAction(e -> vm.saveSettings(reflection.getText(), idle.getText(), zone.getText()));
        Label zoneHint = new Label(ui.getString("admin.timeZoneHint"));
        zoneHint.setWrapText(true);
        zoneHint.setMaxWidth(640);
        GridPane g = grid();
        g.addRow(0, label("admin.reflection", reflection), reflection);
        g.addRow(1, label("admin.idleLock", idle), idle);
        g.addRow(2, label("admin.timeZone", zone), zone);
        g.add(zoneHint, 1, 3);
        g.add(save, 1, 4);
        // a forgotten staff PIN is replaced here, typed twice (issue 16 §7)
        PasswordField pin = new PasswordField();
        pin.setId("admin-pin");
        PasswordField pinAgain = new PasswordField();
        pinAgain.setId("admin-pin-again");
        Button setPin = new Button(ui.getString("admin.setPin"));
        setPin.setId("admin-set-pin");
        setPin.disableProperty().bind(vm.busyProperty().or(pin.textProperty().isEmpty()));
        setPin.setOnAction(e -> {
            vm.setStaffPin(pin.getText(), pinAgain.getText());
            pin.clear();
            pinAgain.clear();
        });
        Label pinTitle = new Label(ui.getString("admin.staffPin"));
        pinTitle.getStyleClass().add("field-label");
        pinTitle.setStyle("-fx-font-weight: bold;");
        g.add(pinTitle, 0, 5, 2, 1);
        g.addRow(6, label("home.pinNew", pin), pin);
        g.addRow(7, label("home.pinAgain", pinAgain), pinAgain);
        g.add(setPin, 1, 8);
        return g;
    }

    private javafx.scene.Node clinic() {
        TextField name = new TextField();
        name.setId("admin-clinic-name");
        TextField address = new TextField();
        address.setId("admin-clinic-address");
        TextField phone = new TextField();
        phone.setId("admin-clinic-phone");
        TextArea policy = new TextArea();
        policy.setId("admin-clinic-policy");
        policy.setWrapText(true);
        policy.setPrefRowCount(4);
        // the same texts in English (issue 12 §2): a consultation in English needs them
        TextField nameEn = new TextField();
        nameEn.setId("admin-clinic-name-en");
        TextField addressEn = new TextField();
        addressEn.setId("admin-clinic-address-en");
        TextArea policyEn = new TextArea();
        policyEn.setId("admin-clinic-policy-en");
        policyEn.setWrapText(true);
        policyEn.setPrefRowCount(3);
        vm.clinicProperty().addListener((o, was, c) -> {
            if (c != null) {
                name.setText(c.name());
                address.setText(c.address());
                phone.setText(c.phone());
                policy.setText(c.bloodDonationPolicy());
                org.exoconsent.records.Catalog.ClinicText en = c.text(ProductValidation.ENGLISH);
                nameEn.setText(en == null ? "" : en.name());
                addressEn.setText(en == null ? "" : en.address());
                policyEn.setText(en == null ? "" : en.bloodDonationPolicy());
            }
        });
        Button save = new Button(ui.getString("admin.save"));
        save.setId("admin-save-clinic");
        save.getStyleClass().add("primary");
        save.disableProperty().bind(vm.busyProperty());
        save.setOnAction(e -> {
            java.util.List<String> found = new java.util.ArrayList<>(org.exoconsent.records.BloodDonationPolicy
                    .periods(policy.getText()));
            found.addAll(org.exoconsent.records.BloodDonationPolicy.periods(policyEn.getText()));
            if (found.isEmpty() || confirmPolicy(found)) {
                vm.saveClinic(name.getText(), address.getText(), phone.getText(), policy.getText(),
                        new org.exoconsent.records.Catalog.ClinicText(nameEn.getText(), addressEn.getText(),
                                policyEn.getText()), !found.isEmpty());
            }
        });
        // two columns, so that the profile, its English texts and the button fit a 1280×800 screen: the clinic's
        // own (Japanese) texts on the left, the same in English on the right (issue 12 §2)
        Label help = new Label(ui.getString("setup.policyHelp"));
        help.setId("admin-policy-help");
        help.setWrapText(true);
        help.setMaxWidth(560);
        Label englishTitle = new Label(ui.getString("admin.clinicEnglish"));
        englishTitle.setId("admin-clinic-english");
        englishTitle.setWrapText(true);
        englishTitle.setMaxWidth(560);
        englishTitle.getStyleClass().add("field-label");
        englishTitle.setStyle("-fx-font-weight: bold;");
        VBox own = new VBox(6, above("setup.clinicName", name), above("setup.clinicAddress", address),
                above("setup.clinicPhone", phone), above("setup.policy", policy), help);
        VBox english = new VBox(6, englishTitle, above("setup.clinicNameEn", nameEn),
                above("setup.clinicAddressEn", addressEn), above("setup.policyEn", policyEn));
        for (Control c : new Control[] {name, address, phone, policy, nameEn, addressEn, policyEn}) {
            c.setPrefWidth(560);
            c.setMaxWidth(560);
        }
        policy.setPrefRowCount(3);
        GridPane g = grid();
        g.setHgap(32);
        g.add(own, 0, 0);
        g.add(english, 1, 0);
        g.add(save, 0, 1);
        return scrolling(g);
    }

    /** A field with its label above it (wrapping, never cut), named for screen readers. */
    private VBox above(String key, Control field) {
        Label l = label(key, field);
        l.setMinWidth(Region.USE_COMPUTED_SIZE);
        l.setWrapText(true);
        l.setMaxWidth(560);
        return new VBox(3, l, field);
    }

    private javafx.scene.layout.Region backup() {
        // named by the clinic's date and time (the suggestion follows the clinic's zone once it is read)
        java.util.function.Function<org.exoconsent.consent.ClinicClock, String> suggested = c -> Path.of(
                System.getProperty("user.home"), "ExoConsent-backups", "exoconsent-" + c.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".zip").toString();
        String[] lastSuggested = {suggested.apply(vm.clinicClockProperty().get())};
        TextField file = new TextField(lastSuggested[0]);
        vm.clinicClockProperty().addListener((o, was, now) -> {
            if (file.getText().equals(lastSuggested[0])) { // not changed by hand
                lastSuggested[0] = suggested.apply(now);
                file.setText(lastSuggested[0]);
            }
        });
        file.setId("admin-backup-file");
        file.setPrefColumnCount(48);
        Button run = new Button(ui.getString("admin.backupNow"));
        run.setId("admin-backup-now");
        run.getStyleClass().add("primary");
        if (vm.backupUnavailable() != null) { // a PostgreSQL store (issue 17 §4): said, not offered
            run.setDisable(true);
        } else {
            run.disableProperty().bind(vm.busyProperty());
        }
        javafx.scene.control.PasswordField passphrase = new javafx.scene.control.PasswordField();
        passphrase.setId("admin-backup-passphrase");
        passphrase.setPrefColumnCount(32);
        run.setOnAction(e -> vm.backup(Path.of(file.getText().strip()), passphrase.getText().toCharArray(), b -> { }));
        Label note = new Label(vm.backupUnavailable() == null ? ui.getString("admin.backupNote")
                : java.text.MessageFormat.format(ui.getString("admin.backupNotOnThisStore"),
                org.exoconsent.ui.controls.StoreName.of(ui, vm.backupUnavailable())));
        note.setId("admin-backup-note");
        note.setWrapText(true);
        note.setMaxWidth(900);
        note.setMinHeight(Region.USE_PREF_SIZE); // every line of it

        TextField from = new TextField();
        from.setId("admin-restore-from");
        from.setPrefColumnCount(48);
        TextField to = new TextField();
        to.setId("admin-restore-to");
        to.setPrefColumnCount(48);
        Button restore = new Button(ui.getString("admin.restoreNow"));
        restore.setId("admin-restore-now");
        restore.disableProperty().bind(vm.busyProperty().or(from.textProperty().isEmpty())
                .or(to.textProperty().isEmpty()));
        javafx.scene.control.PasswordField restorePassphrase = new javafx.scene.control.PasswordField();
        restorePassphrase.setId("admin-restore-passphrase");
        restorePassphrase.setPrefColumnCount(32);
        TextField fingerprint = new TextField();
        fingerprint.setId("admin-restore-fingerprint");
        fingerprint.setPrefColumnCount(48);
        restore.setOnAction(e -> vm.restore(Path.of(from.getText().strip()), Path.of(to.getText().strip()),
                restorePassphrase.getText().toCharArray(), fingerprint.getText()));
        Label restoreNote = new Label(ui.getString("admin.restoreNote"));
        restoreNote.setWrapText(true);
        restoreNote.setMaxWidth(900);
        restoreNote.setMinHeight(Region.USE_PREF_SIZE); // every line of it
        Label restoreTitle = new Label(ui.getString("admin.restoreTitle"));
        restoreTitle.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");

        GridPane g = grid();
        g.addRow(0, label("admin.backupFile", file), file);
        g.addRow(1, label("admin.backupPassphrase", passphrase), passphrase);
        g.add(run, 1, 2);
        g.add(note, 1, 3);
        g.add(restoreTitle, 0, 4, 2, 1);
        g.addRow(5, label("admin.restoreFrom", from), from);
        g.addRow(6, label("admin.restoreTo", to), to);
        g.addRow(7, label("admin.restorePassphrase", restorePassphrase), restorePassphrase);
        g.addRow(8, label("admin.restoreFingerprint", fingerprint), fingerprint);
        g.add(restore, 1, 9);
        g.add(restoreNote, 1, 10);
        GridPane.setMargin(restoreTitle, new Insets(24, 0, 0, 0));
        return g;
    }

    /**
     * Asks whether to save a blood-donation policy that states a period anyway, saying why it should
     * not (FACTS.md: no published rule, so no period can be sourced). True when the administrator confirms.
     */
    private boolean confirmPolicy(java.util.List<String> found) {
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION, java.text.MessageFormat.format(
                        ui.getString("setup.policyWarning"), String.join("、", found)),
                javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        ask.getDialogPane().setId("policy-warning");
        org.exoconsent.ui.controls.Dialogs.over(this, ask);
        return ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
    }
}
