package org.minimind.workbench.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workbench's MVVM split: view-models and the run model hold state as JavaFX properties and
 * chartfx datasets but never touch the scene graph, so that they run (and are tested) without a
 * toolkit. Only views, chart wrappers and the application classes do.
 */
class AppArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.minimind.workbench.app");
  }

  @Test
  void viewModelsNeedNoToolkit() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("ViewModel")
        .or()
        .resideInAPackage("org.minimind.workbench.app.run..")
        .or()
        .haveSimpleName("SlotGridModel")
        .or()
        .haveSimpleName("SlotFocus")
        .or()
        .haveSimpleName("PromptAnalysis")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javafx.scene..", "javafx.stage..", "javafx.application..", "javafx.fxml..",
            "io.fair_acc.chartfx..")
        .check(classes);
  }
}
