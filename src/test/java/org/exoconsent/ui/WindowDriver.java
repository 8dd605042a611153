package org.exoconsent.ui;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * For {@link WindowManagerTest}: the whole app in a JVM of its own, on a real X display with the GTK glass (the test
 * JVM's toolkit is headless Monocle, where no window manager can reach a window). It opens the app on the data
 * directory {@code -Dexoconsent.home} and obeys one command a line on its standard input, answering each with one
 * line on its standard output that starts with {@code ok}, {@code state} or {@code error}:
 * <ul>
 * <li>{@code sign-in NAME PASSWORD}: fills in the sign-in form and presses its button;</li>
 * <li>{@code wait ID}: waits (30 s at most) until a node with that id is in a showing window;</li>
 * <li>{@code press ID}: presses the button with that id (as a click would, without a pointer), without waiting for
 * what it does (a dialog it opens waits for its answer);</li>
 * <li>{@code press-text TEXT}: the same for the button that shows that text;</li>
 * <li>{@code close-dialogs}: closes every window but the app's own;</li>
 * <li>{@code records}: asks the app to open the records screen, as a way around the screens would
 * ({@code ok} if it opened, {@code error refused ...} if it was refused);</li>
 * <li>{@code leave-full-screen}: takes the window out of full screen, as JavaFX does when it learns that the window
 * manager did;</li>
 * <li>{@code state}: what the app's window is: {@code iconified= fullScreen= maximized= alwaysOnTop= showing=
 * focused= x= y= width= height= patientMode= windows= timesIconified= timesOutOfFullScreen=} (the number of
 * showing windows; how many times the window was iconified, and left full screen, since the start), then {@code dialogX= dialogY= dialogWidth= dialogHeight=} of the
 * first other window showing, if any;</li>
 * <li>{@code quit}: stops the app as closing it would, then the JVM.</li>
 * </ul>
 * Nothing here decides what the window does: that is the app's; the driver only reports it.
 */
public final class WindowDriver {
    private static ExoConsentApp app;
    private static Stage stage;
    /** How many times the app's window has been iconified since the driver started. */
    private static int timesIconified;
    /** How many times the app's window has left full screen since the driver started. */
    private static int timesOutOfFullScreen;

    private WindowDriver() {
    }

    public static void main(String[] args) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                app = new ExoConsentApp(org.exoconsent.testing.Examples.CLOCK);
                app.init();
                stage = new Stage();
                app.start(stage);
                stage.iconifiedProperty().addListener((o, was, now) -> {
                    if (now) {
                        timesIconified++;
                    }
                });
                stage.fullScreenProperty().addListener((o, was, now) -> {
                    if (!now) {
                        timesOutOfFullScreen++;
                    }
                });
                started.complete(null);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        started.get(60, TimeUnit.SECONDS);
        System.out.println("ok started");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.strip().split(" ", 3);
            try {
                System.out.println(switch (w[0]) {
                    case "sign-in" -> signIn(w[1], w[2]);
                    case "wait" -> waitFor(w[1]);
                    case "press" -> press(w[1]);
                    case "press-text" -> pressText(line.strip().substring("press-text ".length()));
                    case "close-dialogs" -> fx(WindowDriver::closeDialogs);
                    case "records" -> fx(WindowDriver::records);
                    case "leave-full-screen" -> fx(() -> {
                        stage.setFullScreen(false);
                        return "ok";
                    });
                    case "state" -> fx(WindowDriver::state);
                    case "quit" -> {
                        fx(() -> {
                            stage.close();
                            return "";
                        });
                        Platform.runLater(() -> {
                            try {
                                app.stop();
                            } catch (Exception e) {
                                e.printStackTrace();
                            }
                            Platform.exit();
                        });
                        System.out.println("ok quit");
                        System.out.flush();
                        Thread.sleep(500);
                        System.exit(0);
                        yield "";
                    }
                    default -> "error unknown command " + w[0];
                });
            } catch (Exception e) {
                System.out.println("error " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
        System.exit(0);
    }

    private static String signIn(String name, String password) throws Exception {
        waitFor("signin-user");
        return fx(() -> {
            ((TextInputControl) find("signin-user")).setText(name);
            ((TextInputControl) find("signin-password")).setText(password);
            ((ButtonBase) find("signin")).fire();
            return "ok";
        });
    }

    /** Presses the button later on the FX thread: a dialog it opens may wait there for its answer. */
    private static String press(String id) throws Exception {
        waitFor(id);
        Platform.runLater(() -> ((ButtonBase) find(id)).fire());
        return "ok";
    }

    /** Presses the first button showing exactly that text, in any showing window, later on the FX thread. */
    private static String pressText(String text) throws Exception {
        boolean found = fx(() -> {
            for (Window w : Window.getWindows()) {
                if (w.isShowing() && w.getScene() != null) {
                    for (Node n : w.getScene().getRoot().lookupAll(".button")) {
                        if (n instanceof ButtonBase b && text.equals(b.getText())) {
                            Platform.runLater(b::fire);
                            return true;
                        }
                    }
                }
            }
            return false;
        });
        return found ? "ok" : "error no button " + text;
    }

    private static String waitFor(String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (fx(() -> find(id) != null)) {
                return "ok";
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no #" + id + " after 30 s");
    }

    private static String closeDialogs() {
        for (Window w : Window.getWindows().stream().filter(w -> w != stage && w.isShowing()).toList()) {
            w.hide();
        }
        return "ok";
    }

    private static String records() {
        try {
            app.openRecords();
            return "ok";
        } catch (IllegalStateException refused) {
            return "error refused " + refused.getMessage();
        }
    }

    private static String state() {
        long showing = Window.getWindows().stream().filter(Window::isShowing).count();
        return "state iconified=" + stage.isIconified() + " fullScreen=" + stage.isFullScreen() + " maximized="
                + stage.isMaximized() + " alwaysOnTop=" + stage.isAlwaysOnTop() + " showing=" + stage.isShowing()
                + " focused=" + stage.isFocused() + " x=" + Math.round(stage.getX()) + " y=" + Math.round(stage.getY())
                + " width=" + Math.round(stage.getWidth()) + " height=" + Math.round(stage.getHeight())
                + " patientMode=" + (find("patient-mode-banner") != null) + " windows=" + showing
                + " timesIconified=" + timesIconified + " timesOutOfFullScreen=" + timesOutOfFullScreen + dialog();
    }

    /** The bounds of the first showing window that is not the app's own, if any. */
    private static String dialog() {
        return Window.getWindows().stream().filter(w -> w != stage && w.isShowing()).findFirst()
                .map(w -> " dialogX=" + Math.round(w.getX()) + " dialogY=" + Math.round(w.getY()) + " dialogWidth="
                        + Math.round(w.getWidth()) + " dialogHeight=" + Math.round(w.getHeight())).orElse("");
    }

    /** The node with that id in any showing window (the app's, or a dialog over it), else null. */
    private static Node find(String id) {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() != null) {
                Node n = w.getScene().getRoot().lookup("#" + id);
                if (n != null && n.isVisible()) {
                    return n;
                }
            }
        }
        return null;
    }

    private static <T> T fx(Supplier<T> what) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(what.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
