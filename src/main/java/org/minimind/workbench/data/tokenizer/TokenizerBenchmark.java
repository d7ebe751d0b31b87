package org.minimind.workbench.data.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how fast {@link BpeTrainer} trains and {@link BpeTokenizer} encodes on real text files,
 * so that a corpus size can be planned before a long run.
 *
 * <p>Files are read as UTF-8 (ill-formed bytes become U+FFFD) and cut into documents at blank lines
 * ({@code "\n\n"}); each document is one training text. Reading the files is not timed. Encoding is
 * timed on a fresh tokenizer (empty word cache) over the same documents.
 */
public final class TokenizerBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(TokenizerBenchmark.class);

  private TokenizerBenchmark() {}

  /** Trains a vocabulary of {@code vocabSize} on one file and encodes it. */
  public static TokenizerBenchmarkResult run(Path file, int vocabSize) throws IOException {
    return run(List.of(file), vocabSize, TrainingListener.NONE);
  }

  /** Trains a vocabulary of {@code vocabSize} on the files and encodes them. */
  public static TokenizerBenchmarkResult run(List<Path> files, int vocabSize) throws IOException {
    return run(files, vocabSize, TrainingListener.NONE);
  }

  /** As {@link #run(List, int)}, passing training progress to {@code listener}. */
  public static TokenizerBenchmarkResult run(
      List<Path> files, int vocabSize, TrainingListener listener) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to benchmark on");
    }
    List<String> documents = new ArrayList<>();
    long bytes = 0;
    for (Path file : files) {
      byte[] raw = Files.readAllBytes(file);
      String text = new String(raw, StandardCharsets.UTF_8);
      for (String doc : text.split("\n\n")) {
        if (!doc.isEmpty()) {
          documents.add(doc);
          bytes += Utf8.bytes(Utf8.sanitize(doc)).length;
        }
      }
    }
    TokenizerBenchmarkResult result = run(documents, bytes, vocabSize, listener);
    LOG.info(
        "tokenizer benchmark on {} file(s), {} documents: {}",
        files.size(),
        documents.size(),
        result);
    return result;
  }

  /**
   * Trains a vocabulary of {@code vocabSize} on documents already read ({@code bytes} of UTF-8 in
   * all) and encodes them.
   */
  public static TokenizerBenchmarkResult run(
      List<String> documents, long bytes, int vocabSize, TrainingListener listener) {
    BpeTrainer trainer = BpeTrainer.builder().vocabSize(vocabSize).listener(listener).build();
    long t0 = System.nanoTime();
    BpeTokenizer trained = trainer.train(documents);
    long t1 = System.nanoTime();

    BpeTokenizer fresh =
        BpeTokenizer.of(trained.vocab(), trained.merges(), trained.specialTokens());
    long tokens = 0;
    long t2 = System.nanoTime();
    for (String doc : documents) {
      tokens += fresh.encode(doc).length;
    }
    long t3 = System.nanoTime();

    return new TokenizerBenchmarkResult(
        bytes, documents.size(), (t1 - t0) / 1e9, bytes, (t3 - t2) / 1e9, tokens, trained);
  }
}
