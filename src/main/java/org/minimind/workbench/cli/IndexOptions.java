package org.minimind.workbench.cli;

import org.minimind.workbench.slots.IndexSettings;
import picocli.CommandLine.Option;

/**
 * Options of {@code --index-slots}, which also reads --checkpoint, --corpus, --out, --batch and
 * --top-k (the contexts kept per slot; the option shared with generation's sampling).
 */
final class IndexOptions {
  @Option(
      names = "--tokens",
      defaultValue = "" + IndexSettings.DEFAULT_MAX_TOKENS,
      description =
          "Tokens to index at most; fewer when the corpus part has fewer (default:"
              + " ${DEFAULT-VALUE}).")
  long tokens;

  @Option(
      names = "--chunk",
      paramLabel = "LEN",
      description =
          "Tokens per sequence the model reads, at most its max_seq_len (default:"
              + " max_seq_len).")
  Integer chunk;

  @Option(
      names = "--split",
      paramLabel = "validation-then-train|validation|train|all",
      defaultValue = "validation-then-train",
      description =
          "Which documents of the corpus to index, split as the run split them (default:"
              + " ${DEFAULT-VALUE}: the held-out documents, text the model was not trained on,"
              + " then training documents until --tokens). The corpus is the run's, or the one"
              + " --corpus (a training option) names.")
  String split;
}
