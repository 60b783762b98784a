package io.cdcflow.writer.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CoreArchitectureTest {

    @Test
    void coreIsPure() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cdcflow.writer");

        noClasses().that().resideInAPackage("io.cdcflow.writer.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "io.minio..", "okhttp3..", "java.nio.file..", "java.net..",
                        "io.cdcflow.writer.io..", "io.cdcflow.writer.app..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .check(classes);
    }
}
