package org.minimind.workbench.model.generate;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.io.SafeTensors;

/** Shared test inputs: the seed fixtures' models and prompts, and tokenizers of their sizes. */
final class GenerationFixtures {
  private static final Map<Integer, BpeTokenizer> TOKENIZERS = new HashMap<>();

  private GenerationFixtures() {}

  static MemoryLM model(String fixture) {
    try {
      return Checkpoint.load(Fixtures.dir(fixture), Device.cpu());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code n} ids of the fixture's recorded input. */
  static int[] prompt(String fixture, int n) {
    try {
      long[] ids =
          SafeTensors.read(Fixtures.dir(fixture).resolve("expected.safetensors"))
              .get("input_ids")
              .toLongs();
      return Arrays.stream(ids).limit(n).mapToInt(v -> (int) v).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A MiniMind-style tokenizer of {@code vocab} ids trained on the test corpus. */
  static synchronized BpeTokenizer tokenizer(int vocab) {
    return TOKENIZERS.computeIfAbsent(
        vocab,
        v -> {
          BpeTokenizer t =
              BpeTrainer.builder()
                  .vocabSize(v)
                  .build()
                  .train(Arrays.asList(corpus().split("\n\n")));
          if (t.vocabSize() != v) {
            throw new IllegalStateException("trained " + t.vocabSize() + " ids, wanted " + v);
          }
          return t;
        });
  }

  static String corpus() {
    try (InputStream in = GenerationFixtures.class.getResourceAsStream("/tokenizer/corpus.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
