package org.exoconsent.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.SyntheticRecords;
import org.exoconsent.records.TestAccounts;

/**
 * Benchmark (not a test: run by bench/screens.sh under Xvfb) of issue 16 §7's "no screen takes over 1 s on 10,000
 * records": the whole app on a data directory of 10,000 consents, signed in with every role; for each back-office
 * screen, the time from asking for it (the home screen's button, called on the FX thread) to the first frame in which
 * its content is shown (checked on every pulse by an {@link AnimationTimer}): the records screen with its first page
 * and count, the administration screen with its people and no work under way, the overview with its charts. And the
 * first run's set-up screen, from "create the first administrator" to the set-up form, on an empty data directory.
 * Each screen is opened {@code RUNS} times after one opening that is not counted (class loading).
 */
public final class ScreenOpeningBenchmark {
    private static final int RECORDS = 10_000;
    private static final int RUNS = 7;

    private ScreenOpeningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("exoconsent-screens");
        Path data = home.resolve("data");
        long t0 = System.nanoTime();
        SyntheticRecords.build(new DataDirectory(data), Clock.systemUTC(), RECORDS);
        TestAccounts.staffPin(new DataDirectory(data), Clock.systemUTC(), "2468"); // else the home screen asks one
        System.out.printf("data directory of %,d records built in %.1f s%n", RECORDS, (System.nanoTime() - t0) / 1e9);
        AppDriver app = new AppDriver();
        try {
            app.launch(data);
            app.waitFor("#signin-user");
            app.click("#signin-user").write(TestAccounts.NAME);
            app.click("#signin-password").write(TestAccounts.PASSWORD).type(javafx.scene.input.KeyCode.ENTER);
            for (int i = 0; i < 240 && !app.visible("#home-records"); i++) {
                Thread.sleep(500);
            }
            if (!app.visible("#home-records")) {
                throw new IllegalStateException("not signed in; the screen shows: " + app.robot.lookup(".label")
                        .queryAll().stream().map(n -> ((Label) n).getText()).toList());
            }
            ExoConsentApp exo = app.application();
            measure("records screen (first page of 50 and the count of 10,000)", app, exo::openRecords, scene -> {
                Node page = scene.lookup("#records-page");
                Node table = scene.lookup("#records-table");
                return page instanceof Label l && l.getText().contains("10,000") && table instanceof TableView<?> t
                        && !t.getItems().isEmpty();
            });
            measure("administration screen (people, settings, catalog, templates)", app, exo::openAdmin, scene -> {
                Node users = scene.lookup("#admin-users");
                Node busy = scene.lookup("#admin-progress");
                return users instanceof TableView<?> t && !t.getItems().isEmpty() && (busy == null || !busy.isVisible());
            });
            measure("overview (consents and withdrawals per month, first-time-right answers)", app,
                    exo::openOverview, scene -> scene.lookup("#overview-per-month") != null);
        } finally {
            app.close();
        }
        setUp();
    }

    /** Opens a screen RUNS + 1 times from the home screen; prints the median, min and max of the last RUNS. */
    private static void measure(String what, AppDriver app, Runnable open, Predicate<Scene> shown) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int run = 0; run <= RUNS; run++) {
            app.waitFor("#home-records");
            double t = timeToShown(open, shown);
            if (run > 0) {
                ms.add(t);
            }
            for (String back : List.of("#records-back", "#admin-back", "#overview-back")) {
                if (app.visible(back)) {
                    app.click(back);
                }
            }
        }
        print(what, ms);
    }

    /** Calls {@code open} on the FX thread and waits for the first pulse on which {@code shown} holds. */
    private static double timeToShown(Runnable open, Predicate<Scene> shown) throws Exception {
        CompletableFuture<Double> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long start = System.nanoTime();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    Scene scene = Window.getWindows().stream().filter(Window::isShowing).findFirst()
                            .map(Window::getScene).orElse(null);
                    if (scene != null && shown.test(scene)) {
                        stop();
                        done.complete((System.nanoTime() - start) / 1e6);
                    }
                }
            }.start();
            long before = System.nanoTime();
            open.run();
            if (Boolean.getBoolean("bench.detail")) {
                System.out.printf("  (on the FX thread when asked: %.0f ms)%n", (System.nanoTime() - before) / 1e6);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    /** The first run's set-up screen, from creating the first administrator to its form, on empty data directories. */
    private static void setUp() throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int run = 0; run <= 3; run++) {
            AppDriver app = new AppDriver();
            try {
                app.launch(Files.createTempDirectory("exoconsent-setup").resolve("data"));
                app.waitFor("#first-admin-name");
                app.click("#first-admin-name").write("admin");
                app.click("#first-admin-password").write("first admin password");
                app.click("#first-admin-password-again").write("first admin password");
                javafx.scene.control.Button create = app.robot.lookup("#first-admin-create")
                        .queryAs(javafx.scene.control.Button.class);
                double t = timeToShown(create::fire, scene -> scene.lookup("#setup-clinic-name") != null);
                if (run > 0) {
                    ms.add(t);
                }
            } finally {
                app.close();
            }
        }
        print("set-up screen after the first administrator is created (Argon2id hash included)", ms);
    }

    private static void print(String what, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        System.out.printf("%s: runs %d, median %.0f ms, min %.0f ms, max %.0f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
