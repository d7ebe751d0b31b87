package org.minimind.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minimind.workbench.data.Corpus;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;

/**
 * {@code --train-tokenizer}: trains MiniMind's byte-level BPE on a corpus and saves tokenizer.json.
 */
final class TokenizerMode {
  private TokenizerMode() {}

  static int run(Path corpusPath, int vocabSize, Path out, PrintStream console) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("--train-tokenizer needs --out FILE (a tokenizer.json)");
    }
    Path file = Files.isDirectory(out) ? out.resolve("tokenizer.json") : out;
    Corpus corpus = Corpus.open(corpusPath);
    List<String> texts = new ArrayList<>();
    corpus.forEach(d -> texts.add(d.text()));
    long t0 = System.nanoTime();
    BpeTokenizer tokenizer = BpeTrainer.builder().vocabSize(vocabSize).build().train(texts);
    double seconds = (System.nanoTime() - t0) / 1e9;
    tokenizer.save(file);
    long bytes = 0;
    for (String s : texts) {
      bytes += s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    console.printf(
        Locale.ROOT,
        "trained a %d-token tokenizer on %d documents (%.1f MB) in %.1f s: %s%n",
        tokenizer.vocabSize(),
        texts.size(),
        bytes / 1e6,
        seconds,
        file);
    return 0;
  }
}
