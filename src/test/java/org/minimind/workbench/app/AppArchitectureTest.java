package org.minimind.workbench.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workbench's MVVM split: view-models, the run model and the slot kit's models hold state as
 * JavaFX properties and chartfx datasets but never touch the scene graph, so that they run (and are
 * tested) without a toolkit. Only views, chart wrappers and the application classes do.
 *
 * <p>The memory views share the slot kit ({@code app.slots}) and not each other's code: the
 * generation view, the heatmaps and the slot page know nothing of one another (the composition root
 * connects them), and the kit knows no feature.
 */
class AppArchitectureTest {
  static final String KIT = "org.minimind.workbench.app.slots..";
  static final String HEATMAP = "org.minimind.workbench.app.heatmap..";
  static final String GENERATION = "org.minimind.workbench.app.generation..";
  static final String SLOT_PAGE = "org.minimind.workbench.app.slotpage..";

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
        .or(resideInAPackage(KIT).and(not(simpleName("SlotGridChart"))))
        .or(resideInAPackage(SLOT_PAGE).and(not(simpleName("SlotPageView"))))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javafx.scene..",
            "javafx.stage..",
            "javafx.application..",
            "javafx.fxml..",
            "io.fair_acc.chartfx..")
        .check(classes);
  }

  @Test
  void generationAndHeatmapsDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage(GENERATION)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(HEATMAP)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(HEATMAP)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(GENERATION)
        .check(classes);
  }

  @Test
  void theSlotPageAndTheGridViewsDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage(SLOT_PAGE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(HEATMAP, GENERATION)
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(HEATMAP, GENERATION)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(SLOT_PAGE)
        .check(classes);
  }

  @Test
  void theSlotKitDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage(KIT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            HEATMAP,
            GENERATION,
            "org.minimind.workbench.app.dashboard..",
            "org.minimind.workbench.app.drift..",
            "org.minimind.workbench.app.info..",
            "org.minimind.workbench.app.screenshot..",
            SLOT_PAGE)
        .check(classes);
  }
}
