package org.exoconsent.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For tests: an X server of its own (Xvfb, 24-bit colour, on a free display it picks with {@code -displayfd}) with a
 * real window manager (openbox, its default configuration) on it, and the app started on it in a JVM of its own
 * ({@link WindowDriver}, GTK glass, software rendering). Closing it stops the app, openbox and Xvfb.
 */
final class XSession implements AutoCloseable {
    /** What the tests need on the PATH; Debian packages xvfb, openbox, xdotool, x11-utils, imagemagick. */
    static final List<String> TOOLS = List.of("Xvfb", "openbox", "xdotool", "xprop", "xwininfo", "xmessage", "import");

    private final Path dir;
    private final Process xvfb;
    private final Process openbox;
    private final String display;

    /**
     * Skips the calling test when a tool is missing, on a developer's machine; fails it in CI ({@code CI=true}),
     * where .ci/run installs them.
     */
    static void requireTools() {
        List<String> missing = TOOLS.stream().filter(t -> !onPath(t)).toList();
        if (!missing.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + " missing: .ci/run must install xvfb openbox xdotool x11-utils "
                    + "imagemagick");
        }
        assumeTrue(missing.isEmpty(), "skipped: " + missing + " not installed (Debian: apt-get install xvfb openbox "
                + "xdotool x11-utils imagemagick); the window manager tests need a real X server and window manager");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private XSession(Path dir, Process xvfb, Process openbox, String display) {
        this.dir = dir;
        this.xvfb = xvfb;
        this.openbox = openbox;
        this.display = display;
    }

    /** Starts Xvfb with one screen of {@code width}×{@code height} pixels, and openbox on it; logs go to {@code dir}. */
    static XSession start(Path dir, int width, int height) throws Exception {
        Files.createDirectories(dir);
        Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", width + "x" + height + "x24",
                "-nolisten", "tcp").redirectError(dir.resolve("xvfb.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
        String number = out.readLine();
        if (number == null || !number.strip().matches("[0-9]+")) {
            xvfb.destroy();
            throw new IOException("Xvfb did not say its display: " + number + "; " + Files.readString(
                    dir.resolve("xvfb.log")));
        }
        String display = ":" + number.strip();
        ProcessBuilder ob = new ProcessBuilder("openbox").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openbox.log").toFile());
        ob.environment().put("DISPLAY", display);
        XSession x = new XSession(dir, xvfb, ob.start(), display);
        try {
            x.until(() -> x.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").contains("window id"),
                    "openbox managing " + display);
        } catch (Exception | AssertionError e) {
            x.close();
            throw e;
        }
        return x;
    }

    String display() {
        return display;
    }

    /** Runs an X client on this display and returns what it wrote; refuses a non-zero exit, naming the command. */
    String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Starts an X client on this display and leaves it running (the caller destroys it). */
    Process launch(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile());
        pb.environment().put("DISPLAY", display);
        return pb.start();
    }

    /** Saves the whole screen as a PNG (imagemagick's {@code import}). */
    Path screenshot(Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run("import", "-window", "root", png.toString());
        return png;
    }

    /** Waits up to 20 s for {@code condition}; fails naming {@code what}. */
    void until(Check condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("after 20 s, still not: " + what + (last == null ? "" : " (" + last + ")"));
    }

    /** A condition that may ask the X server. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /**
     * Starts the app on this display in a JVM of its own, on the data directory {@code home}, with its window
     * preferences under {@code prefs} ({@code java.util.prefs.userRoot}), its staff screens in English.
     */
    App app(Path home, Path prefs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dglass.platform=gtk", "-Dprism.order=sw",
                "-Dprism.text=t2k", "-Djava.util.prefs.userRoot=" + prefs, "-Dexoconsent.home=" + home,
                "-Duser.language=en", "-Duser.country=US", WindowDriver.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("app-" + System.nanoTime() + ".log")
                .toFile());
        pb.environment().put("DISPLAY", display);
        App app = new App(pb.start());
        app.expect("ok started");
        return app;
    }

    /** The app in its JVM: commands to its {@link WindowDriver}, one line each way. */
    final class App implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;

        private App(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        private void expect(String line) throws IOException {
            String got = out.readLine();
            if (!line.equals(got)) {
                throw new AssertionError("the app said " + got + ", not " + line);
            }
        }

        /** Sends one command and returns the driver's answer; an answer starting with "error" fails. */
        String send(String command) throws IOException {
            String answer = ask(command);
            if (answer == null || answer.startsWith("error")) {
                throw new AssertionError(command + ": " + answer);
            }
            return answer;
        }

        /** Sends one command and returns the driver's answer, whatever it is (null: the app ended). */
        String ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            return out.readLine();
        }

        /** The driver's {@code state}, as names and values. */
        Map<String, String> state() throws IOException {
            Map<String, String> s = new LinkedHashMap<>();
            for (String pair : send("state").substring("state ".length()).split(" ")) {
                String[] kv = pair.split("=", 2);
                s.put(kv[0], kv[1]);
            }
            return s;
        }

        /** The app's process id (its windows carry it as _NET_WM_PID). */
        long pid() {
            return process.pid();
        }

        /** The X window of the app's main window (the only one of its windows on screen, none other showing). */
        String window() throws Exception {
            String[] id = new String[1];
            until(() -> {
                String[] ids = run("xdotool", "search", "--onlyvisible", "--pid", Long.toString(process.pid()))
                        .strip().split("\\s+");
                id[0] = ids.length == 1 && !ids[0].isEmpty() ? ids[0] : null;
                return id[0] != null;
            }, "one visible window of the app");
            return id[0];
        }

        /** Quits the app, as closing it would (its window size is remembered), and waits for its JVM to end. */
        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                try {
                    ask("quit");
                } catch (IOException ended) {
                    // already gone
                }
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        openbox.destroy();
        openbox.waitFor(10, TimeUnit.SECONDS);
        xvfb.destroy();
        if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
            xvfb.destroyForcibly();
        }
    }
}
