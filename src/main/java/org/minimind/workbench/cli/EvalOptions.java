package org.minimind.workbench.cli;

import picocli.CommandLine.Option;

/** Options of {@code --eval} (with --corpus, --batch and --seed, and the intervention's). */
final class EvalOptions {
  @Option(
      names = "--batches",
      defaultValue = "4",
      description =
          "Validation batches to measure on (default: ${DEFAULT-VALUE}). --eval also"
              + " reads --batch, --seed (the split when the checkpoint records none), --tokenizer"
              + " (default: the checkpoint's) and --corpus (a moved corpus of the run, checked"
              + " against its fingerprint, or the corpus to split).")
  int batches;
}
