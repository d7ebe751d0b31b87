package org.minimind.workbench.train;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who owns what in training: settings from named defaults, random-token runs built once. */
class TrainingArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.minimind.workbench");
  }

  @Test
  void trainSettingsAreCopiedFromTheirDefaultsNeverBuiltFromARowOfNumbers() {
    constructors()
        .that()
        .areDeclaredIn(TrainSettings.class)
        .should()
        .onlyBeCalled()
        .byClassesThat()
        .belongToAnyOf(TrainSettings.class)
        .check(classes);
  }

  @Test
  void randomTokenTrainingIsAssembledInOnePlace() {
    constructors()
        .that()
        .areDeclaredIn(RandomTokenData.class)
        .should()
        .onlyBeCalled()
        .byClassesThat()
        .belongToAnyOf(RandomTokenRun.class)
        .check(classes);
  }
}
