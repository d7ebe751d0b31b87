package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

  private static List<String> merges(BpeTokenizer t) {
    List<String> out = new ArrayList<>();
    for (MergeRule m : t.merges()) {
      out.add(m.left() + " " + m.right());
    }
    return out;
  }

  @Test
  void vocabularyLayoutFollowsHuggingFace() {
    BpeTokenizer t = BpeTrainer.builder().vocabSize(300).build().train(List.of("ab ab ab", "abc"));
    assertEquals(0, t.tokenToId("<unk>").getAsInt());
    assertEquals(1, t.tokenToId("<s>").getAsInt());
    assertEquals(2, t.tokenToId("</s>").getAsInt());
    assertEquals(3, t.tokenToId("!").getAsInt()); // byte alphabet sorted by code point
    assertEquals(96, t.tokenToId("~").getAsInt());
    assertEquals(97, t.tokenToId("¡").getAsInt());
    assertEquals(191, t.tokenToId("Ā").getAsInt()); // byte 0x00
    assertEquals(223, t.tokenToId("Ġ").getAsInt()); // space
    assertEquals(258, t.tokenToId("Ń").getAsInt()); // byte 0xAD, the last
    for (SpecialToken s : t.specialTokens()) {
      assertTrue(s.special());
    }
  }

  @Test
  void handCheckedMerges() {
    // words: "ab" x1, " ab" x2, "abc" x1. Pair counts: (a,b)=4, (Ġ,a)=2, (b,c)=1.
    // Merge "a b"; then (Ġ,ab)=2, (ab,c)=1: merge "Ġ ab", then "ab c"; then nothing is left.
    BpeTokenizer t = BpeTrainer.builder().vocabSize(300).build().train(List.of("ab ab ab", "abc"));
    assertEquals(List.of("a b", "Ġ ab", "ab c"), merges(t));
    assertEquals(259, t.tokenToId("ab").getAsInt());
    assertEquals(260, t.tokenToId("Ġab").getAsInt());
    assertEquals(261, t.tokenToId("abc").getAsInt());
    assertEquals(262, t.vocabSize()); // ran out of pairs before 300
    assertArrayEquals(new int[] {259, 260, 260}, t.encode("ab ab ab"));
  }

  @Test
  void tiesGoToTheSmallerPairOfIds() {
    // words "xy" and " yx", every pair seen once: x=90, y=91, Ġ=223.
    // (x,y) < (y,x) < (Ġ,y): "x y" first, then "y x", then "Ġ yx".
    BpeTokenizer t = BpeTrainer.builder().vocabSize(300).build().train(List.of("xy yx"));
    assertEquals(List.of("x y", "y x", "Ġ yx"), merges(t));
  }

  @Test
  void overlappingPairsMergeFromTheLeft() {
    // "aaaaa": (a,a) x4 -> "aa aa a"; then (aa,aa)=1 and (aa,a)=1 tie and the smaller pair of ids
    // wins: (259,67) "aa a" -> "aa aaa"; then "aa aaa".
    BpeTokenizer t = BpeTrainer.builder().vocabSize(300).build().train(List.of("aaaaa"));
    assertEquals(List.of("a a", "aa a", "aa aaa"), merges(t));
  }

  @Test
  void minFrequencyStopsRarePairs() {
    BpeTokenizer t =
        BpeTrainer.builder()
            .vocabSize(300)
            .minFrequency(2)
            .build()
            .train(List.of("ab ab ab", "abc"));
    assertEquals(List.of("a b", "Ġ ab"), merges(t));
  }

  @Test
  void reachesRequestedVocabSize() {
    BpeTokenizer t = TestTexts.tokenizer();
    assertEquals(TestTexts.VOCAB, t.vocabSize());
    assertEquals(TestTexts.VOCAB, t.vocab().size());
    assertEquals(TestTexts.VOCAB - 259, t.merges().size());
  }

  @Test
  void trainingIsDeterministicAndIndependentOfDocumentOrder() {
    List<String> docs = new ArrayList<>(TestTexts.documents());
    BpeTrainer trainer = BpeTrainer.builder().vocabSize(800).build();
    String first = trainer.train(docs).toJson();
    String second = trainer.train(docs).toJson();
    assertEquals(first, second);
    Collections.shuffle(docs, new Random(3));
    assertEquals(first, trainer.train(docs).toJson());
    assertNotEquals(first, BpeTrainer.builder().vocabSize(801).build().train(docs).toJson());
  }

  @Test
  void customSpecialTokensTakeTheFirstIds() {
    BpeTokenizer t =
        BpeTrainer.builder()
            .vocabSize(400)
            .specialTokens(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>"))
            .build()
            .train(List.of("hello world"));
    assertEquals(2, t.tokenToId("<|im_end|>").getAsInt());
    assertEquals(3, t.tokenToId("<pad>").getAsInt());
    assertEquals(4, t.tokenToId("!").getAsInt());
    assertArrayEquals(new int[] {1}, t.encode("<|im_start|>", true));
  }

  @Test
  void reportsProgressInStageOrder() {
    List<TrainingProgress> reports = new ArrayList<>();
    BpeTrainer.builder().vocabSize(600).listener(reports::add).build().train(TestTexts.documents());
    assertEquals(TrainingProgress.Stage.COUNT_WORDS, reports.get(0).stage());
    TrainingProgress last = reports.get(reports.size() - 1);
    assertEquals(TrainingProgress.Stage.DONE, last.stage());
    assertEquals(600, last.done());
    long merges = reports.stream().filter(p -> p.stage() == TrainingProgress.Stage.MERGE).count();
    assertTrue(merges >= 50, "merge reports: " + merges);
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i).stage().compareTo(reports.get(i - 1).stage()) >= 0);
    }
  }

  @Test
  void emptyCorpusGivesSpecialsAndBytes() {
    BpeTokenizer t = BpeTrainer.minimind().train(List.of());
    assertEquals(259, t.vocabSize());
    assertEquals(0, t.merges().size());
    assertEquals("x 1", t.decode(t.encode("x 1")));
  }

  @Test
  void rejectsTooSmallVocab() {
    assertThrows(IllegalArgumentException.class, () -> BpeTrainer.builder().vocabSize(258).build());
    assertThrows(IllegalArgumentException.class, () -> BpeTrainer.builder().minFrequency(-1));
  }

  @Test
  void longLettersRunsTrainQuickly() {
    // One 30,000-character word of Chinese letters (no punctuation), repeated with variations.
    String base = TestTexts.corpus().replaceAll("[^\\p{IsHan}]", "");
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      docs.add(base.substring(i * 100, Math.min(base.length(), i * 100 + 30_000)));
    }
    long start = System.nanoTime();
    BpeTokenizer t = BpeTrainer.builder().vocabSize(2000).build().train(docs);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(2000, t.vocabSize());
    assertTrue(seconds < 20, "took " + seconds + " s");
    assertEquals(docs.get(3), t.decode(t.encode(docs.get(3))));
  }
}
