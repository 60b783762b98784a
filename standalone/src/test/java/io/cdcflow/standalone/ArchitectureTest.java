package io.cdcflow.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package roles hold across every module: {@code core} is pure logic, without I/O. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdcflow");

    @Test
    void coreImportsNoIo() {
        noClasses().that().resideInAPackage("io.cdcflow..core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "java.sql..", "javax.sql..", "com.zaxxer..", "io.minio..",
                        "okhttp3..", "java.net..", "java.nio.file..", "java.nio.channels..")
                .because("core holds the rules, the adapters live in io")
                .check(CLASSES);
    }

    @Test
    void coreReadsNoClock() {
        noClasses().that().resideInAPackage("io.cdcflow..core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("time comes in as a value, so that core logic is deterministic and testable")
                .check(CLASSES);
    }

    @Test
    void servicesDoNotDependOnEachOther() {
        noClasses().that().resideInAnyPackage("io.cdcflow.extractor..", "io.cdcflow.differ..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cdcflow.writer..", "io.cdcflow.standalone..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.cdcflow.writer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cdcflow.extractor..", "io.cdcflow.differ..",
                        "io.cdcflow.standalone..")
                .check(CLASSES);
    }
}
