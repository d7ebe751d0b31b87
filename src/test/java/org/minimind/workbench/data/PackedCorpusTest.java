package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedCorpusTest {

  private static final Function<String, int[]> CHARS =
      s -> s.codePoints().map(c -> c + 3).toArray();

  @TempDir Path dir;

  private Path corpus(int docs) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs; i++) {
      sb.append("{\"text\": \"doc ").append(i).append(" 词").append("\"}\n");
    }
    return TestFiles.write(dir.resolve("c/part.jsonl"), sb.toString());
  }

  @Test
  void buildSplitsAndPacksEveryDocumentOnItsSide() throws IOException {
    Corpus corpus = Corpus.open(corpus(300).getParent());
    SplitConfig config = new SplitConfig(0.1, 4);
    SequencePacker packer = new SequencePacker(CHARS, 1, 2);
    PackedCorpus packed = PackedCorpus.build(corpus, config, packer, 16);

    assertEquals(corpus.fingerprint(), packed.fingerprint());
    assertEquals(300, packed.split().documents());

    TrainValidationSplit split = TrainValidationSplit.plan(corpus, config);
    IntArrayTokenStream.Builder train = new IntArrayTokenStream.Builder();
    IntArrayTokenStream.Builder val = new IntArrayTokenStream.Builder();
    corpus.forEach(d -> packer.append(d, split.isValidation(d) ? val : train));
    assertEquals(train.size(), packed.train().tokens().size());
    assertEquals(val.size(), packed.validation().tokens().size());
    assertArrayEquals(
        train.build().toArray(), ((IntArrayTokenStream) packed.train().tokens()).toArray());
    assertEquals(PackedSequences.count(train.size(), 16), packed.train().size());
    assertTrue(packed.validation().size() > 0);
    assertEquals(split.validationDocuments(), packed.split().validationDocuments());
  }

  @Test
  void emptyCorpusIsAnErrorNamingIt() throws IOException {
    Path f = TestFiles.write(dir.resolve("empty.jsonl"), "\n\n");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                PackedCorpus.build(
                    Corpus.open(f), SplitConfig.DEFAULT, new SequencePacker(CHARS, 1, 2), 8));
    assertTrue(e.getMessage().contains("empty.jsonl"), e.getMessage());
  }
}
