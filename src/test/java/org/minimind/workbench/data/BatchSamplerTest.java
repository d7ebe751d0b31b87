package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  private static final int SEQ_LEN = 4;

  /** 103 sequences whose tokens encode their position, so a batch shows what it holds. */
  private static PackedSequences data() {
    int[] tokens = new int[103 * SEQ_LEN + 1];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i;
    }
    return new PackedSequences(IntArrayTokenStream.of(tokens), SEQ_LEN);
  }

  private static List<Batch> draw(BatchSampler s, int n) {
    List<Batch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(s.next());
    }
    return out;
  }

  private static void assertSameBatches(List<Batch> a, List<Batch> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).inputs(), b.get(i).inputs(), "batch " + i);
      assertArrayEquals(a.get(i).targets(), b.get(i).targets(), "batch " + i);
      assertArrayEquals(a.get(i).sequences(), b.get(i).sequences(), "batch " + i);
      assertEquals(a.get(i).position(), b.get(i).position(), "batch " + i);
    }
  }

  @Test
  void sameSeedDrawsTheSameBatchesOverSeveralEpochs() {
    assertSameBatches(
        draw(new BatchSampler(data(), 8, 42), 40), draw(new BatchSampler(data(), 8, 42), 40));
  }

  @Test
  void anotherSeedOrEpochShufflesDifferently() {
    assertFalse(
        Arrays.equals(
            new BatchSampler(data(), 8, 1).next().sequences(),
            new BatchSampler(data(), 8, 2).next().sequences()));
    assertFalse(
        Arrays.equals(BatchSampler.permutation(5, 0, 100), BatchSampler.permutation(5, 1, 100)));
    assertArrayEquals(BatchSampler.permutation(5, 3, 100), BatchSampler.permutation(5, 3, 100));
  }

  @Test
  void eachEpochDrawsDistinctSequencesAndDropsOnlyTheRemainder() {
    BatchSampler s = new BatchSampler(data(), 10, 9);
    assertEquals(10, s.batchesPerEpoch()); // 103 sequences -> 10 full batches
    for (int epoch = 0; epoch < 3; epoch++) {
      Set<Long> seen = new HashSet<>();
      for (int b = 0; b < 10; b++) {
        Batch batch = s.next();
        assertEquals(new SamplerPosition(9, epoch, b * 10L), batch.position());
        for (long q : batch.sequences()) {
          assertTrue(seen.add(q), "sequence " + q + " twice in epoch " + epoch);
        }
      }
      assertEquals(100, seen.size());
      assertEquals(new SamplerPosition(9, epoch + 1, 0), s.position());
    }
  }

  @Test
  void permutationIsAPermutation() {
    int[] p = BatchSampler.permutation(123, 7, 1000);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(sorted, p));
  }

  @Test
  void batchRowsHoldTheirSequencesInputsAndShiftedTargets() {
    PackedSequences data = data();
    Batch b = new BatchSampler(data, 6, 3).next();
    assertArrayEquals(new long[] {6, SEQ_LEN}, b.shape());
    long[][] in = b.inputRows();
    long[][] tg = b.targetRows();
    for (int r = 0; r < 6; r++) {
      int[] seq = data.sequence(b.sequences()[r]);
      for (int k = 0; k < SEQ_LEN; k++) {
        assertEquals(seq[k], in[r][k]);
        assertEquals(seq[k + 1], tg[r][k]);
        assertEquals(seq[k], b.inputs()[r * SEQ_LEN + k]);
      }
    }
  }

  @Test
  void resumingFromASavedPositionDrawsExactlyWhatContinuingWould() throws Exception {
    for (int stopAfter : new int[] {0, 1, 7, 12, 25}) {
      BatchSampler original = new BatchSampler(data(), 8, 77);
      draw(original, stopAfter);
      SamplerPosition saved = original.position();

      SamplerPosition viaText = SamplerPosition.parse(saved.format());
      SamplerPosition viaJava = roundTrip(saved);
      assertEquals(saved, viaText);
      assertEquals(saved, viaJava);

      List<Batch> continued = draw(original, 20);
      assertSameBatches(continued, draw(new BatchSampler(data(), 8, viaText), 20));
      assertSameBatches(continued, draw(new BatchSampler(data(), 8, viaJava), 20));
      assertEquals(saved, continued.get(0).position());
    }
  }

  private static SamplerPosition roundTrip(SamplerPosition p)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SamplerPosition) in.readObject();
    }
  }

  @Test
  void positionTextAndValidation() {
    SamplerPosition p = new SamplerPosition(-5, 2, 16);
    assertEquals("seed=-5;epoch=2;index=16", p.format());
    assertEquals(p, SamplerPosition.parse(" seed=-5;epoch=2;index=16 "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SamplerPosition.parse("epoch=2"));
    assertTrue(e.getMessage().contains("epoch=2"), e.getMessage());
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> new SamplerPosition(0, -1, 0));
    assertTrue(e2.getMessage().contains("-1"), e2.getMessage());
  }

  @Test
  void samplerRejectsBatchesLargerThanTheDataAndMisalignedPositions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(data(), 104, 0));
    assertTrue(e.getMessage().contains("104"), e.getMessage());
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BatchSampler(data(), 8, new SamplerPosition(0, 0, 12)));
    assertTrue(e2.getMessage().contains("12"), e2.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new BatchSampler(data(), 8, new SamplerPosition(0, 0, 800)));
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(data(), 0, 0));
  }

  @Test
  void positionAtTheEndOfAnEpochMeansTheStartOfTheNext() {
    BatchSampler s = new BatchSampler(data(), 10, new SamplerPosition(4, 3, 100));
    assertEquals(new SamplerPosition(4, 4, 0), s.position());
  }
}
