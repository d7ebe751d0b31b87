package org.minimind.workbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering: {@code cli -> app -> session -> train/metrics -> model/data}. Nothing outside the GUI package
 * touches JavaFX or chartfx, so the model and training run on a machine without a display.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.minimind.workbench");
  }

  @Test
  void onlyTheGuiUsesJavaFxOrChartFx() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.minimind.workbench.app..", "org.minimind.workbench.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "io.fair_acc..")
        .check(classes);
  }

  @Test
  void theCommandLineEntryPointStaysFreeOfJavaFx() {
    // Main must start from a plain class path; the window opens through a separate launcher.
    noClasses()
        .that()
        .haveFullyQualifiedName("org.minimind.workbench.cli.Main")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "io.fair_acc..")
        .check(classes);
  }

  @Test
  void modelAndDataDependOnNothingAboveThem() {
    noClasses()
        .that()
        .resideInAnyPackage("org.minimind.workbench.model..", "org.minimind.workbench.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.minimind.workbench.train..",
            "org.minimind.workbench.metrics..",
            "org.minimind.workbench.app..",
            "org.minimind.workbench.cli..")
        .check(classes);
  }

  @Test
  void trainingAndMetricsDoNotReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage("org.minimind.workbench.train..", "org.minimind.workbench.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.minimind.workbench.session..",
            "org.minimind.workbench.app..",
            "org.minimind.workbench.cli..")
        .check(classes);
  }

  @Test
  void sessionsServeTheGuiAndTheCommandLineAlike() {
    noClasses()
        .that()
        .resideInAPackage("org.minimind.workbench.session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.minimind.workbench.app..", "org.minimind.workbench.cli..")
        .check(classes);
  }
}
