package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MiniMind's 6400-token vocabulary on about 20 MB of text and reports the speed.
 *
 * <p>The corpus is not in the repository. The test reads the files named by the system property
 * {@code tokenizer.benchmark.corpus} (comma-separated), by default {@code
 * /tmp/tokbench/poetry.txt,/tmp/tokbench/austen.txt}, and is skipped if they are missing. To make
 * them: {@code npm pack chinese-poetry@2.0.1} (MIT; write about 16 MB of the Song ci and Tang/Song
 * shi JSON as "title, author, lines" blocks separated by blank lines) and {@code apt-get download
 * r-cran-janeaustenr} (the novels' lines, about 4 MB, extracted from the package's R data).
 *
 * <p>Run with {@code mvn test -Dexcluded.groups= -Dtest=TokenizerBenchmarkTest}.
 */
@Tag("slow")
class TokenizerBenchmarkTest {

  private static final Logger LOG = LoggerFactory.getLogger(TokenizerBenchmarkTest.class);

  @Test
  void trainsAndEncodesTwentyMegabytes() throws IOException {
    String spec =
        System.getProperty(
            "tokenizer.benchmark.corpus", "/tmp/tokbench/poetry.txt,/tmp/tokbench/austen.txt");
    List<Path> files = new ArrayList<>();
    for (String s : spec.split(",")) {
      files.add(Path.of(s.trim()));
    }
    Assumptions.assumeTrue(
        files.stream().allMatch(Files::isRegularFile), "benchmark corpus missing: " + spec);

    TokenizerBenchmarkResult r = TokenizerBenchmark.run(files, BpeTrainer.DEFAULT_VOCAB_SIZE);
    LOG.info("benchmark: {}", r);

    assertEquals(BpeTrainer.DEFAULT_VOCAB_SIZE, r.tokenizer().vocabSize());
    assertTrue(r.trainBytes() > 5_000_000, "corpus too small: " + r.trainBytes());
    assertTrue(r.trainSeconds() < 600, "training took " + r.trainSeconds() + " s");
    assertTrue(r.encodeMBps() > 0.5, "encoding at " + r.encodeMBps() + " MB/s");
    Path saved = Files.createTempFile("tokenizer-6400-", ".json");
    try {
      r.tokenizer().save(saved);
      try (HuggingFaceTokenizer hf =
          HuggingFaceTokenizer.newInstance(
              saved, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
        for (Path f : files) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
          String head = text.substring(0, Math.min(text.length(), 200_000));
          int[] ids = r.tokenizer().encode(head);
          assertEquals(head, r.tokenizer().decode(ids));
          assertArrayEquals(ids, r.tokenizer().encodeBytes(head.getBytes(StandardCharsets.UTF_8)));
          long[] hfIds = hf.encode(head, false, false).getIds();
          assertArrayEquals(
              hfIds, java.util.Arrays.stream(ids).mapToLong(i -> i).toArray(), f.toString());
        }
      }
    } finally {
      Files.deleteIfExists(saved);
    }
  }
}
