package org.minimind.workbench.cli;

import picocli.CommandLine.Option;

/** Options of {@code --bench}. */
final class BenchOptions {
  @Option(
      names = "--steps",
      defaultValue = "5",
      description = "Timed training steps after one warm-up step (default: ${DEFAULT-VALUE}).")
  int steps;

}
