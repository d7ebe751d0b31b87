package org.minimind.workbench.cli;

import java.util.ArrayList;
import java.util.List;
import org.minimind.workbench.model.generate.ContextPolicy;
import picocli.CommandLine.Option;

/** Options of {@code --generate}. */
final class GenerateOptions {
  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      defaultValue = "",
      description = "Text to continue; <s> is put before it (default: empty, i.e. start from <s>).")
  String prompt;

  @Option(
      names = "--temperature",
      defaultValue = "0.75",
      description = "Logits are divided by it; 0 = greedy (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "0.9",
      description = "Nucleus sampling threshold in (0, 1]; 1 = off (default: ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = "--top-k",
      defaultValue = "0",
      description =
          "Keep only the K most likely tokens; 0 = off (default: ${DEFAULT-VALUE})."
              + " With --index-slots: the contexts kept per layer and slot, those with the highest"
              + " gate scores (default: 16).")
  int topK;

  @Option(
      names = "--min-p",
      defaultValue = "0",
      description =
          "Drop tokens below this fraction of the most likely one's probability;"
              + " 0 = off (default: ${DEFAULT-VALUE}).")
  double minP;

  @Option(
      names = "--repetition-penalty",
      defaultValue = "1.0",
      description =
          "Divide the logits of ids already in the sequence by this, as the seed does;"
              + " 1 = off (default: ${DEFAULT-VALUE}).")
  double repetitionPenalty;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "128",
      description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--stop",
      paramLabel = "STRING",
      description = "Stop once the text contains STRING (repeatable).")
  List<String> stop = new ArrayList<>();

  @Option(
      names = "--context",
      paramLabel = "stop|slide",
      defaultValue = "stop",
      description =
          "At the model's max_seq_len: stop, or slide the window keeping the newest half"
              + " (default: ${DEFAULT-VALUE}).")
  ContextPolicy context;

  @Option(
      names = "--no-cache",
      description =
          "Recompute the whole sequence for every token, as the seed does (slow; for"
              + " comparison).")
  boolean noCache;
}
