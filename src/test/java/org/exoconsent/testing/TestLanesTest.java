package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testfx.api.FxRobot;

/**
 * Keeps the quick test lane honest (issue 15 §4): {@code mvn -B test} leaves out the tests tagged {@link UiTest} and
 * {@link ProcessTest}, so a test that starts JavaFX's toolkit or another process without its tag would slip into the
 * quick lane and make it slow or dependent on the machine. This test reads the compiled classes (ArchUnit) and fails
 * naming each such test:
 * <ul>
 * <li>a test class that depends, itself or through the test helpers it uses (AppDriver, FxWait...), on TestFX
 * ({@code org.testfx..}), on {@code javafx.stage..} (Stage, Window) or on {@code javafx.application.Platform} /
 * {@code Application} / {@code javafx.scene.Scene} must carry {@link UiTest};</li>
 * <li>a test method that starts a process ({@code ProcessBuilder.start}, {@code Runtime.exec}), itself or through
 * anything it calls in our code, lambdas and overriding methods included, must be in the slow lane: carry
 * {@link ProcessTest} (or {@link UiTest}), on the method or its class; when a lifecycle method
 * ({@code @BeforeAll}, {@code @BeforeEach}, {@code @AfterEach}, {@code @AfterAll}), a constructor or a static
 * initialiser starts it, the mark must be on the class.</li>
 * </ul>
 * It also checks that pom.xml's {@code slow.test.groups} names exactly the two tags. The rules are themselves tested
 * on the samples in {@link Samples}, so that a rule that stopped finding anything would fail here.
 */
class TestLanesTest {
    private static final Set<String> TEST_METHODS = Set.of("org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory", "org.junit.jupiter.api.TestTemplate");
    private static final Set<String> LIFECYCLE_METHODS = Set.of(BeforeAll.class.getName(),
            BeforeEach.class.getName(), AfterEach.class.getName(), AfterAll.class.getName());
    private static final Set<String> UI_CLASSES = Set.of("javafx.application.Platform",
            "javafx.application.Application", "javafx.scene.Scene");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // our classes are all the rules look into; resolving the JDK's and the libraries' classes would only cost time
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            classes = new ClassFileImporter().importPackages("org.exoconsent");
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void everyTestThatStartsJavaFxOrAProcessIsInTheSlowLane() {
        List<String> untagged = untagged(classes, c -> !topLevel(c).isEquivalentTo(TestLanesTest.class));
        assertTrue(untagged.isEmpty(), "these tests would run in the quick lane (mvn -B test) but need JavaFX's "
                + "toolkit or start a process; mark them (org.exoconsent.testing.UiTest / ProcessTest):\n"
                + String.join("\n", untagged));
    }

    @Test
    void theRuleFindsATestClassThatDrivesScreensWithoutItsMark() {
        assertEquals(List.of(Samples.UntaggedUi.class.getName() + " needs JavaFX's toolkit (it uses "
                + FxRobot.class.getName() + ") and is not marked @UiTest"),
                untagged(classes, c -> c.isEquivalentTo(Samples.UntaggedUi.class)));
        assertEquals(List.of(), untagged(classes, c -> c.isEquivalentTo(Samples.TaggedUi.class)));
    }

    @Test
    void theRuleFindsAProcessStartedThroughAHelperALambdaOrAnInterface() {
        List<String> found = untagged(classes, c -> c.isEquivalentTo(Samples.UntaggedProcesses.class));
        assertEquals(2, found.size(), String.join("\n", found));
        assertTrue(found.get(0).startsWith(Samples.UntaggedProcesses.class.getName() + ".throughAHelperInALambda "
                + "starts a process (throughAHelperInALambda -> helper -> java.lang.ProcessBuilder.start)"),
                found.get(0));
        assertTrue(found.get(1).startsWith(Samples.UntaggedProcesses.class.getName() + ".throughAnInterface "
                + "starts a process (throughAnInterface -> " + Samples.Tool.class.getName() + ".use -> "
                + Samples.Shell.class.getName() + ".use -> java.lang.Runtime.exec)"), found.get(1));
        assertEquals(List.of(), untagged(classes, c -> c.isEquivalentTo(Samples.TaggedProcessMethod.class)));
    }

    @Test
    void aProcessStartedBeforeEveryTestNeedsTheMarkOnTheClass() {
        List<String> found = untagged(classes, c -> c.isEquivalentTo(Samples.ProcessBeforeAll.class));
        assertEquals(1, found.size(), String.join("\n", found));
        assertTrue(found.get(0).startsWith(Samples.ProcessBeforeAll.class.getName() + ".startAServer starts a "
                + "process (startAServer -> java.lang.ProcessBuilder.start)"), found.get(0));
        assertTrue(found.get(0).endsWith("mark the class @ProcessTest"), found.get(0));
    }

    @Test
    void thePomLeavesOutOfTheQuickLaneExactlyTheTagsOfTheMarks() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<slow\\.test\\.groups>([^<]*)</slow\\.test\\.groups>").matcher(pom);
        assertTrue(m.find(), "pom.xml: the property slow.test.groups is missing");
        assertEquals(new TreeSet<>(Set.of(UiTest.TAG, ProcessTest.TAG)),
                new TreeSet<>(Arrays.asList(m.group(1).strip().split("\\s*,\\s*"))),
                "pom.xml: slow.test.groups must name the tags of @UiTest and @ProcessTest");
        assertTrue(pom.contains("<excludedGroups>${slow.test.groups}</excludedGroups>")
                && pom.contains("<groups>${slow.test.groups}</groups>"),
                "pom.xml: the quick lane must exclude slow.test.groups and the slow lane must run them");
    }

    /**
     * The tests among {@code checked} that are not in the slow lane but need it, one line each: the class or method,
     * what it uses or the chain of calls to the process start, and where the mark goes. Sorted by name.
     */
    static List<String> untagged(JavaClasses all, Predicate<JavaClass> checked) {
        Map<JavaCodeUnit, String> processes = processStarts(all);
        List<String> found = new ArrayList<>();
        for (JavaClass c : all) {
            if (!isTestSource(c) || !checked.test(c) || testMethods(c).isEmpty()) {
                continue;
            }
            Class<?> type = load(c);
            Optional<String> ui = uiDependency(c);
            if (ui.isPresent() && !tagged(type, UiTest.TAG)) {
                found.add(c.getName() + " needs JavaFX's toolkit (it uses " + ui.get() + ") and is not marked @UiTest");
            }
            if (tagged(type, UiTest.TAG) || tagged(type, ProcessTest.TAG)) {
                continue;
            }
            for (JavaCodeUnit u : sorted(c.getCodeUnits())) {
                if (!processes.containsKey(u)) {
                    continue;
                }
                String where = c.getName() + "." + u.getName() + " starts a process (" + processes.get(u) + "): ";
                if (isTestMethod(u)) {
                    Method m = method(type, u);
                    if (!tagged(m, UiTest.TAG) && !tagged(m, ProcessTest.TAG)) {
                        found.add(where + "mark the method or the class @ProcessTest");
                    }
                } else if (u.isConstructor() || u instanceof JavaStaticInitializer || u.getAnnotations().stream()
                        .anyMatch(a -> LIFECYCLE_METHODS.contains(a.getRawType().getName()))) {
                    found.add(where + "mark the class @ProcessTest");
                }
            }
        }
        found.sort(null);
        return found;
    }

    /**
     * Every code unit of ours that starts a process, itself or through what it calls, with the chain of calls that
     * does it ("a -> b -> java.lang.ProcessBuilder.start"). A call counts through lambdas (ArchUnit gives their
     * calls to the method that declares them), through anonymous and local classes (to the code that declares
     * them) and through overriding (a call of an interface's or superclass's method may run any of our overrides).
     */
    private static Map<JavaCodeUnit, String> processStarts(JavaClasses all) {
        Map<JavaCodeUnit, Set<JavaCodeUnit>> callers = new HashMap<>();
        Map<JavaCodeUnit, String> chains = new HashMap<>();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        for (JavaClass c : all) {
            for (JavaCodeUnitAccess<?> a : c.getCodeUnitAccessesFromSelf()) {
                String owner = a.getTargetOwner().getName();
                String name = a.getTarget().getName();
                if (owner.equals("java.lang.ProcessBuilder") && name.startsWith("start")
                        || owner.equals("java.lang.Runtime") && name.equals("exec")) {
                    if (chains.putIfAbsent(a.getOrigin(), a.getOrigin().getName() + " -> " + owner + "." + name)
                            == null) {
                        todo.add(a.getOrigin());
                    }
                } else {
                    a.getTarget().resolveMember().ifPresent(t -> callers.computeIfAbsent(t,
                            k -> new LinkedHashSet<>()).add(a.getOrigin()));
                }
            }
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (c.isAnonymousClass() || c.isLocalClass()) {
                    Set<JavaCodeUnit> declaring = c.getEnclosingCodeUnit().<Set<JavaCodeUnit>>map(Set::of)
                            .orElseGet(() -> c.getEnclosingClass().map(e -> e.getCodeUnits().stream()
                                    .filter(x -> x.isConstructor() || x instanceof JavaStaticInitializer)
                                    .collect(Collectors.<JavaCodeUnit>toSet())).orElse(Set.of()));
                    callers.computeIfAbsent(u, k -> new LinkedHashSet<>()).addAll(declaring);
                }
                // an override in a test class of the slow lane runs only in that class's own tests (a second
                // vendor's subclass of a contract test), never in the quick-lane tests of the class it overrides
                if (u.isMethod() && !slowLaneTestClass(c)) {
                    for (JavaCodeUnit overridden : overridden(c, u)) {
                        callers.computeIfAbsent(u, k -> new LinkedHashSet<>()).add(overridden);
                    }
                }
            }
        }
        while (!todo.isEmpty()) {
            JavaCodeUnit u = todo.poll();
            for (JavaCodeUnit caller : callers.getOrDefault(u, Set.of())) {
                if (!chains.containsKey(caller)) {
                    String via = caller.getOwner().equals(u.getOwner()) ? chains.get(u)
                            : u.getOwner().getName() + "." + chains.get(u);
                    chains.put(caller, caller.getName() + " -> " + via);
                    todo.add(caller);
                }
            }
        }
        return chains;
    }

    /** Whether {@code c} is a test class whose tests all run in the slow lane (tagged as a class). */
    private static boolean slowLaneTestClass(JavaClass c) {
        if (!c.getSimpleName().endsWith("Test")) {
            return false;
        }
        Class<?> k = load(c);
        return k != null && (tagged(k, UiTest.TAG) || tagged(k, ProcessTest.TAG));
    }

    /** The methods of our supertypes (imported, not the JDK's) that {@code u} overrides. */
    private static List<JavaCodeUnit> overridden(JavaClass c, JavaCodeUnit u) {
        List<String> parameters = u.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        List<JavaCodeUnit> found = new ArrayList<>();
        Set<JavaClass> supertypes = new LinkedHashSet<>(c.getAllRawInterfaces());
        supertypes.addAll(c.getAllRawSuperclasses());
        for (JavaClass s : supertypes) {
            if (s.getPackageName().startsWith("org.exoconsent")) {
                s.tryGetCodeUnitWithParameterTypeNames(u.getName(), parameters).ifPresent(found::add);
            }
        }
        return found;
    }

    /**
     * The first UI class {@code c} uses, itself or through the test helpers it uses (the classes of the test source
     * it depends on, transitively), as "a class" or "a class (through helper)"; empty when none.
     */
    private static Optional<String> uiDependency(JavaClass c) {
        Set<JavaClass> seen = new HashSet<>(Set.of(c));
        Deque<JavaClass> todo = new ArrayDeque<>(List.of(c));
        while (!todo.isEmpty()) {
            JavaClass k = todo.poll();
            for (Dependency d : sortedDependencies(k)) {
                JavaClass target = d.getTargetClass();
                if (isUi(target)) {
                    return Optional.of(target.getName() + (k.equals(c) ? "" : " through " + k.getName()));
                }
                if (isTestSource(target) && seen.add(target)) {
                    todo.add(target);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUi(JavaClass c) {
        String name = c.getName();
        return name.startsWith("org.testfx.") || name.startsWith("javafx.stage.") || UI_CLASSES.contains(name);
    }

    private static List<Dependency> sortedDependencies(JavaClass c) {
        return c.getDirectDependenciesFromSelf().stream()
                .sorted((a, b) -> a.getTargetClass().getName().compareTo(b.getTargetClass().getName())).toList();
    }

    private static List<JavaCodeUnit> sorted(Set<? extends JavaCodeUnit> units) {
        return units.stream().sorted((a, b) -> a.getFullName().compareTo(b.getFullName()))
                .collect(Collectors.toList());
    }

    private static boolean isTestSource(JavaClass c) {
        return c.getSource().map(s -> ImportOption.Predefined.ONLY_INCLUDE_TESTS.includes(Location.of(s.getUri())))
                .orElse(false);
    }

    private static List<JavaCodeUnit> testMethods(JavaClass c) {
        return c.getCodeUnits().stream().filter(TestLanesTest::isTestMethod).collect(Collectors.toList());
    }

    private static boolean isTestMethod(JavaCodeUnit u) {
        return u.getAnnotations().stream().anyMatch(a -> TEST_METHODS.contains(a.getRawType().getName()));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    /** Whether JUnit sees {@code tag} on the element or, for a method or nested class, on its enclosing classes. */
    private static boolean tagged(AnnotatedElement e, String tag) {
        for (AnnotatedElement x = e; x != null; x = x instanceof Method m ? m.getDeclaringClass()
                : ((Class<?>) x).getEnclosingClass()) {
            if (AnnotationSupport.findRepeatableAnnotations(x, Tag.class).stream()
                    .anyMatch(t -> t.value().equals(tag))) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(JavaClass c) {
        try {
            return Class.forName(c.getName(), false, TestLanesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(c.getName() + ": compiled but cannot be loaded", e);
        }
    }

    private static Method method(Class<?> type, JavaCodeUnit u) {
        List<String> parameters = u.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(u.getName())
                && Arrays.stream(m.getParameterTypes()).map(Class::getName).toList().equals(parameters))
                .findFirst().orElseThrow(() -> new AssertionError(u.getFullName() + ": not found by reflection"));
    }

    /**
     * Samples the rules must judge rightly; never run ({@link Disabled}, and Surefire leaves nested classes out).
     * Their process starts would run {@code true}, which does nothing.
     */
    static final class Samples {
        private Samples() {
        }

        @Disabled("a sample for TestLanesTest")
        static final class UntaggedUi {
            FxRobot robot;

            @Test
            void clicks() {
                robot.clickOn("#next");
            }
        }

        @Disabled("a sample for TestLanesTest")
        @UiTest
        static final class TaggedUi {
            FxRobot robot;

            @Test
            void clicks() {
                robot.clickOn("#next");
            }
        }

        interface Tool {
            void use() throws IOException;
        }

        static final class Shell implements Tool {
            @Override
            public void use() throws IOException {
                Runtime.getRuntime().exec(new String[] {"true"});
            }
        }

        @Disabled("a sample for TestLanesTest")
        static final class UntaggedProcesses {
            private final Tool tool = new Shell();

            static void helper() {
                try {
                    new ProcessBuilder("true").start();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Test
            void throughAHelperInALambda() {
                Runnable r = () -> helper();
                r.run();
            }

            @Test
            void throughAnInterface() throws IOException {
                tool.use();
            }

            @Test
            void startsNothing() {
                assertTrue(tool != null);
            }
        }

        @Disabled("a sample for TestLanesTest")
        static final class TaggedProcessMethod {
            @Test
            @ProcessTest
            void starts() throws IOException {
                new ProcessBuilder("true").start();
            }
        }

        @Disabled("a sample for TestLanesTest")
        static final class ProcessBeforeAll {
            @BeforeAll
            static void startAServer() throws IOException {
                new ProcessBuilder("true").start();
            }

            @Test
            @ProcessTest
            void usesTheServer() {
                assertTrue(true);
            }
        }
    }
}
