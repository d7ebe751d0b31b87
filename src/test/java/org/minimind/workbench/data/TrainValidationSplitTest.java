package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainValidationSplitTest {

  @TempDir Path dir;

  private static List<String> texts(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add((i % 2 == 0 ? "文档 " : "document ") + i);
    }
    return out;
  }

  /** Side of every text under a plan of the source. */
  private static Map<String, Split> sides(List<String> texts, SplitConfig config)
      throws IOException {
    DocumentSource source = DocumentSource.of(texts);
    TrainValidationSplit split = TrainValidationSplit.plan(source, config);
    Map<String, Split> out = new HashMap<>();
    source.forEach(d -> out.put(d.text(), split.assign(d)));
    return out;
  }

  @Test
  void sameSeedGivesTheSameSplitAndSidesAreDisjointAndComplete() throws IOException {
    List<String> texts = texts(5000);
    SplitConfig config = new SplitConfig(0.1, 7);
    Map<String, Split> a = sides(texts, config);
    Map<String, Split> b = sides(texts, config);
    assertEquals(a, b);

    Set<String> train = new HashSet<>();
    Set<String> validation = new HashSet<>();
    a.forEach((t, s) -> (s == Split.TRAIN ? train : validation).add(t));
    assertTrue(Collections.disjoint(train, validation));
    assertEquals(new HashSet<>(texts), union(train, validation));

    TrainValidationSplit split = TrainValidationSplit.plan(DocumentSource.of(texts), config);
    assertEquals(5000, split.documents());
    assertEquals(validation.size(), split.validationDocuments());
    assertEquals(train.size(), split.trainDocuments());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  @Test
  void validationShareIsCloseToTheFraction() throws IOException {
    List<String> texts = texts(20000);
    for (double f : new double[] {0.01, 0.1, 0.5}) {
      TrainValidationSplit split =
          TrainValidationSplit.plan(DocumentSource.of(texts), new SplitConfig(f, 3));
      double share = split.validationDocuments() / 20000.0;
      double sigma = Math.sqrt(f * (1 - f) / 20000);
      assertTrue(Math.abs(share - f) < 5 * sigma, "fraction " + f + " gave share " + share);
    }
  }

  @Test
  void anotherSeedGivesAnotherSplit() throws IOException {
    List<String> texts = texts(2000);
    assertNotEquals(sides(texts, new SplitConfig(0.2, 1)), sides(texts, new SplitConfig(0.2, 2)));
  }

  @Test
  void splitFollowsTheTextNotTheOrderOrFile() throws IOException {
    List<String> texts = texts(3000);
    List<String> reversed = new ArrayList<>(texts);
    Collections.reverse(reversed);
    SplitConfig config = new SplitConfig(0.05, 11);
    assertEquals(sides(texts, config), sides(reversed, config));

    // duplicates land on the same side, so they cannot leak across
    List<String> dup = new ArrayList<>(texts);
    dup.addAll(texts.subList(0, 500));
    DocumentSource source = DocumentSource.of(dup);
    TrainValidationSplit split = TrainValidationSplit.plan(source, config);
    Map<String, Set<Split>> seen = new HashMap<>();
    source.forEach(d -> seen.computeIfAbsent(d.text(), k -> new HashSet<>()).add(split.assign(d)));
    seen.values().forEach(s -> assertEquals(1, s.size()));
  }

  @Test
  void corpusOnDiskSplitsLikeTheSameTextsInMemory() throws IOException {
    StringBuilder sb = new StringBuilder();
    List<String> texts = texts(400);
    for (String t : texts) {
      sb.append("{\"text\": \"").append(t).append("\"}\n");
    }
    Corpus corpus = Corpus.open(TestFiles.write(dir.resolve("c.jsonl"), sb.toString()));
    SplitConfig config = new SplitConfig(0.25, 5);
    TrainValidationSplit split = TrainValidationSplit.plan(corpus, config);
    Map<String, Split> onDisk = new HashMap<>();
    corpus.forEach(d -> onDisk.put(d.text(), split.assign(d)));
    assertEquals(sides(texts, config), onDisk);
  }

  @Test
  void bothSidesGetADocumentWhenThereAreTwo() throws IOException {
    List<String> two = List.of("only one", "and another");
    for (double f : new double[] {1e-12, 0.999999999}) {
      TrainValidationSplit split =
          TrainValidationSplit.plan(DocumentSource.of(two), new SplitConfig(f, 0));
      assertEquals(1, split.validationDocuments(), "fraction " + f);
      assertEquals(1, split.trainDocuments(), "fraction " + f);
      Set<Split> assigned = new HashSet<>();
      DocumentSource.of(two).forEach(d -> assigned.add(split.assign(d)));
      assertEquals(Set.of(Split.TRAIN, Split.VALIDATION), assigned, "fraction " + f);
    }
    TrainValidationSplit one =
        TrainValidationSplit.plan(DocumentSource.of(List.of("alone")), SplitConfig.DEFAULT);
    assertEquals(1, one.documents());
  }

  @Test
  void scoreIsAFixedFunctionOfSeedAndText() {
    double s = TrainValidationSplit.score(0, "明月几时有");
    assertEquals(s, TrainValidationSplit.score(0, "明月几时有"));
    assertTrue(s >= 0 && s < 1);
    assertNotEquals(s, TrainValidationSplit.score(1, "明月几时有"));
    assertNotEquals(s, TrainValidationSplit.score(0, "明月几时有?"));
  }

  @Test
  void configRejectsFractionsOutsideTheOpenUnitInterval() {
    for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new SplitConfig(bad, 0));
      assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
    }
    assertEquals(0.01, SplitConfig.DEFAULT.validationFraction());
  }

  @Test
  void assigningADocumentOutsideThePlanIsAnError() throws IOException {
    TrainValidationSplit split =
        TrainValidationSplit.plan(DocumentSource.of(texts(3)), SplitConfig.DEFAULT);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> split.assign(new Document(3, null, 0, "x")));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }
}
