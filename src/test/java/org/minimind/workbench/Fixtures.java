package org.minimind.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.minimind.workbench.data.tokenizer.BpeTrainer;

/** The seed's recorded outputs, copied into the test resources (see fixtures/README.md). */
public final class Fixtures {
  /** Every fixture: the shared one and two with other shapes (GQA ratio, head count, top-k). */
  public static final List<String> ALL = List.of("seed-tiny", "seed-wide", "seed-mha");

  private Fixtures() {}

  public static Path dir(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** seed-tiny's config and weights copied into {@code dir} (created): a bare checkpoint. */
  public static Path copySeedTiny(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : List.of("config.json", "model.safetensors")) {
      Files.copy(dir("seed-tiny").resolve(f), dir.resolve(f));
    }
    return dir;
  }

  /**
   * The tests' small corpus ({@code /tokenizer/corpus.txt}), documents separated by blank lines.
   */
  public static String testCorpus() throws IOException {
    try (InputStream in = Fixtures.class.getResourceAsStream("/tokenizer/corpus.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * {@link #copySeedTiny} with a tokenizer of the model's 512 ids trained on {@link #testCorpus}: a
   * checkpoint that generates text.
   */
  public static Path seedTinyWithTokenizer(Path dir) throws IOException {
    copySeedTiny(dir);
    BpeTrainer.builder()
        .vocabSize(512)
        .build()
        .train(List.of(testCorpus().split("\n\n")))
        .save(dir.resolve("tokenizer.json"));
    return dir;
  }
}
