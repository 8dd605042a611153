package org.exoconsent.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or test method that starts another process: a second JVM, {@code runuser}, LibreOffice's
 * {@code soffice}, CUPS's {@code lpstat}, {@code mount}, poppler's {@code pdfsig}, {@code openssl}, {@code mkfifo},
 * {@code sha256sum}... Such tests run in the slow lane: {@code mvn -B verify} runs them, {@code mvn -B test} (the
 * quick lane) leaves them out, unless named with {@code -Dtest=...}. Put it on the class when a lifecycle method
 * ({@code @BeforeAll}, {@code @BeforeEach}...) starts the process, else on each test method that does.
 * {@link TestLanesTest} fails when a test that starts a process lacks this mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(ProcessTest.TAG)
public @interface ProcessTest {
    /** The JUnit tag this annotation carries; pom.xml names it in {@code slow.test.groups}. */
    String TAG = "process";
}
