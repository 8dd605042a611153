package org.exoconsent.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts JavaFX's toolkit and drives screens (TestFX, {@code FxRobot}, a {@code Stage}; on
 * Monocle headless by default, on Xvfb for screenshots). Such tests run in the slow lane: {@code mvn -B verify} runs
 * them, {@code mvn -B test} (the quick lane) leaves them out, unless named with {@code -Dtest=...} (README, "Run and
 * test"; the groups are the property {@code slow.test.groups} of pom.xml). {@link TestLanesTest} fails when a test
 * that needs the toolkit lacks this mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(UiTest.TAG)
public @interface UiTest {
    /** The JUnit tag this annotation carries; pom.xml names it in {@code slow.test.groups}. */
    String TAG = "ui";
}
