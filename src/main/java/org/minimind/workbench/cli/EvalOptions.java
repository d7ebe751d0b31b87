package org.minimind.workbench.cli;

import picocli.CommandLine.Option;

/** Options of {@code --eval} (with --corpus, --batch and --seed, and the intervention's). */
final class EvalOptions {
  @Option(
      names = "--batches",
      defaultValue = "4",
      description = "Validation batches to measure on (default: ${DEFAULT-VALUE}).")
  int batches;
}
