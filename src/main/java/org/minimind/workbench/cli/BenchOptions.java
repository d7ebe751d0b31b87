package org.minimind.workbench.cli;

import picocli.CommandLine.Option;

/** Options of {@code --bench}. */
final class BenchOptions {
  @Option(
      names = "--steps",
      defaultValue = "5",
      description = "Timed training steps after one warm-up step (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--new-tokens",
      defaultValue = "128",
      description =
          "Tokens to generate for --bench generate, at most max_seq_len minus the"
              + " 16-token prompt (default: ${DEFAULT-VALUE}).")
  int newTokens;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description =
          "Record every engine operation of the timed steps (--bench train) or of the"
              + " cached generation (--bench generate) into FILE as a Chrome trace (PyTorch's"
              + " profiler, host side; chrome://tracing, Perfetto). The profiler slows the run down;"
              + " the JSON says so.")
  java.nio.file.Path profile;
}
