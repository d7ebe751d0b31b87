package org.minimind.workbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.run.RunDirectory;

/**
 * The layering: {@code cli -> app -> session/slots -> run -> train/metrics -> model/data}. Nothing
 * outside the GUI package touches JavaFX or chartfx, so the model and training run on a machine
 * without a display. One owner per concept: only {@link RunDirectory} knows a run directory's
 * layout.
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
            "org.minimind.workbench.run..",
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
            "org.minimind.workbench.run..",
            "org.minimind.workbench.session..",
            "org.minimind.workbench.slots..",
            "org.minimind.workbench.app..",
            "org.minimind.workbench.cli..")
        .check(classes);
  }

  @Test
  void runDirectoriesServeTheSessionsTheGuiAndTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.minimind.workbench.run..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.minimind.workbench.session..",
            "org.minimind.workbench.slots..",
            "org.minimind.workbench.app..",
            "org.minimind.workbench.cli..")
        .check(classes);
  }

  @Test
  void onlyTheRunDirectoryRewritesARunsRecords() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(RunDirectory.class.getName())
        .should()
        .callMethod(MetricsCsv.class, "truncateAfter", Path.class, long.class)
        .orShould()
        .callMethod(SlotCountsFile.class, "truncateAfter", Path.class, long.class)
        .check(classes);
  }

  /** The names of a run directory's own files, as they would be spelled in code. */
  static final List<String> RUN_FILE_NAMES =
      List.of(
          "\"run.json\"",
          "\"run.lock\"",
          "\"metrics.csv\"",
          "\"slot_counts.bin\"",
          "\"slot_drift.bin\"",
          "\"checkpoints\"",
          "\"trainer.json\"",
          "\"optimizer.safetensors\"",
          "\"slot-index.bin\"");

  @Test
  void onlyTheRunDirectorySpellsItsFileNames() throws IOException {
    // String constants are inlined by the compiler, out of ArchUnit's sight: read the sources.
    Path sources = Path.of("src/main/java");
    Path owner = sources.resolve("org/minimind/workbench/run/RunDirectory.java");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.equals(owner)) {
          continue;
        }
        String text = Files.readString(f);
        for (String name : RUN_FILE_NAMES) {
          if (text.contains(name)) {
            found.add(sources.relativize(f) + ": " + name);
          }
        }
      }
    }
    assertEquals(List.of(), found, "run directory file names spelled outside RunDirectory");
    String ownerText = Files.readString(owner);
    for (String name : RUN_FILE_NAMES) {
      assertEquals(true, ownerText.contains(name), name + " no longer in RunDirectory");
    }
  }

  @Test
  void slotQuestionsServeTheGuiAndTheCommandLineAlike() {
    noClasses()
        .that()
        .resideInAPackage("org.minimind.workbench.slots..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.minimind.workbench.app..", "org.minimind.workbench.cli..")
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

  @Test
  void slotAnalysisServesTheGuiAndTheCommandLineAlike() {
    noClasses()
        .that()
        .resideInAPackage("org.minimind.workbench.slots..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.minimind.workbench.session..",
            "org.minimind.workbench.app..",
            "org.minimind.workbench.cli..")
        .check(classes);
  }
}
