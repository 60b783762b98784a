package io.cdcflow.extractor;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** {@code core} is pure: no JDBC (but the type-code constants), Kafka, pool or clock. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdcflow.extractor");

    @Test
    void coreDoesNoIo() {
        noClasses().that().resideInAPackage("io.cdcflow.extractor.core..")
                .should().dependOnClassesThat(resideInAnyPackage("java.sql..", "javax.sql..", "org.apache.kafka..",
                        "com.zaxxer..", "java.net..", "java.nio.file..").and(not(equivalentTo(Types.class))))
                .check(classes);
        noClasses().that().resideInAPackage("io.cdcflow.extractor.core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .check(classes);
    }

    @Test
    void layersPointInward() {
        noClasses().that().resideInAPackage("io.cdcflow.extractor.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cdcflow.extractor.io..",
                        "io.cdcflow.extractor.app..")
                .check(classes);
        noClasses().that().resideInAPackage("io.cdcflow.extractor.io..")
                .should().dependOnClassesThat().resideInAPackage("io.cdcflow.extractor.app..")
                .check(classes);
    }
}
