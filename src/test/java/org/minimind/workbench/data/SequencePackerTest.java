package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencePackerTest {

  private static final int BOS = 1;
  private static final int EOS = 2;

  /** Toy encoder: each character becomes its code point + 10 (no special tokens). */
  private static final Function<String, int[]> CHARS =
      s -> s.codePoints().map(c -> c + 10).toArray();

  @TempDir Path dir;

  @Test
  void documentsAreWrappedInBosAndEosInOrder() throws IOException {
    SequencePacker packer = new SequencePacker(CHARS, BOS, EOS);
    IntArrayTokenStream stream = packer.packToArray(DocumentSource.of(List.of("ab", "宋", "xyz")));
    int[] expected = {
      BOS, 'a' + 10, 'b' + 10, EOS, BOS, '宋' + 10, EOS, BOS, 'x' + 10, 'y' + 10, 'z' + 10, EOS
    };
    assertArrayEquals(expected, stream.toArray());
    assertEquals(12, stream.size());
  }

  @Test
  void emptyEncodingStillMarksTheDocument() {
    SequencePacker packer = new SequencePacker(s -> new int[0], 5, 6);
    assertArrayEquals(new int[] {5, 6}, packer.encodeDocument("anything"));
  }

  @Test
  void sequenceCountIsFloorOfPairsOverSeqLen() {
    long[][] cases = { // tokens, seqLen, expected
      {0, 4, 0},
      {1, 4, 0},
      {4, 4, 0},
      {5, 4, 1},
      {8, 4, 1},
      {9, 4, 2},
      {13, 4, 3},
      {2, 1, 1},
      {10, 1, 9},
      {1_000_001, 1000, 1000}
    };
    for (long[] c : cases) {
      assertEquals(
          c[2], PackedSequences.count(c[0], (int) c[1]), "tokens " + c[0] + " seqLen " + c[1]);
    }
  }

  @Test
  void sequencesCutTheStreamWithOneSharedTokenAndShiftedTargets() {
    int[] tokens = new int[23];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 100 + i;
    }
    PackedSequences seqs = new PackedSequences(IntArrayTokenStream.of(tokens), 5);
    assertEquals(4, seqs.size()); // (23 - 1) / 5
    assertArrayEquals(new int[] {100, 101, 102, 103, 104, 105}, seqs.sequence(0));
    assertArrayEquals(new int[] {105, 106, 107, 108, 109, 110}, seqs.sequence(1));
    assertArrayEquals(new int[] {115, 116, 117, 118, 119, 120}, seqs.sequence(3));
    assertThrows(IndexOutOfBoundsException.class, () -> seqs.sequence(4));

    long[] in = new long[5];
    long[] out = new long[5];
    seqs.copyTo(2, in, out, 0);
    assertArrayEquals(new long[] {110, 111, 112, 113, 114}, in);
    assertArrayEquals(new long[] {111, 112, 113, 114, 115}, out);

    // every next-token pair of the used stream is a target exactly once
    int k = 0;
    for (long i = 0; i < seqs.size(); i++) {
      long[] ins = new long[5];
      long[] tgt = new long[5];
      seqs.copyTo(i, ins, tgt, 0);
      for (int j = 0; j < 5; j++, k++) {
        assertEquals(tokens[k], ins[j]);
        assertEquals(tokens[k + 1], tgt[j]);
      }
    }
    assertEquals(20, k);
  }

  @Test
  void packedDocumentBoundariesAppearInsideSequences() throws IOException {
    SequencePacker packer = new SequencePacker(CHARS, BOS, EOS);
    IntArrayTokenStream stream =
        packer.packToArray(DocumentSource.of(List.of("abc", "de", "fghij", "k")));
    // 1 a b c 2 1 d e 2 1 f g h i j 2 1 k 2 -> 19 tokens
    assertEquals(19, stream.size());
    PackedSequences seqs = new PackedSequences(stream, 4);
    assertEquals(4, seqs.size());
    int[] s1 = seqs.sequence(1);
    assertArrayEquals(new int[] {EOS, BOS, 'd' + 10, 'e' + 10, EOS}, s1);
    int bos = 0;
    int eos = 0;
    for (int t : stream.toArray()) {
      bos += t == BOS ? 1 : 0;
      eos += t == EOS ? 1 : 0;
    }
    assertEquals(4, bos);
    assertEquals(4, eos);
  }

  @Test
  void includePredicateSelectsDocuments() throws IOException {
    SequencePacker packer = new SequencePacker(CHARS, BOS, EOS);
    IntArrayTokenStream.Builder b = new IntArrayTokenStream.Builder();
    long n = packer.pack(DocumentSource.of(List.of("a", "b", "c")), d -> d.index() != 1, b);
    assertEquals(2, n);
    assertArrayEquals(new int[] {BOS, 'a' + 10, EOS, BOS, 'c' + 10, EOS}, b.build().toArray());
  }

  @Test
  void badEncoderOutputIsAnErrorNamingTheDocument() {
    SequencePacker negative = new SequencePacker(s -> new int[] {3, -4}, BOS, EOS);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> negative.packToArray(DocumentSource.of(List.of("x", "y"))));
    assertTrue(e.getMessage().contains("document 0"), e.getMessage());
    assertTrue(e.getMessage().contains("-4"), e.getMessage());

    SequencePacker nul = new SequencePacker(s -> null, BOS, EOS);
    assertThrows(IllegalArgumentException.class, () -> nul.encodeDocument("x"));
  }

  @Test
  void constructorsValidateTheirArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SequencePacker(CHARS, -1, 2));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PackedSequences(IntArrayTokenStream.of(1, 2, 3), 0));
    assertTrue(e2.getMessage().contains("seqLen (0)"), e2.getMessage());
  }

  @Test
  void tokenFilesRoundTripAndMatchTheArrayStream() throws IOException {
    SequencePacker packer = new SequencePacker(CHARS, BOS, EOS);
    DocumentSource source = DocumentSource.of(List.of("明月几时有", "把酒问青天", "Emma Woodhouse"));
    IntArrayTokenStream expected = packer.packToArray(source);
    for (TokenDtype dtype : TokenDtype.values()) {
      Path f = dir.resolve("tokens-" + dtype + ".bin");
      try (TokenFile.Writer w = TokenFile.create(f, dtype)) {
        packer.pack(source, d -> true, w);
        assertEquals(expected.size(), w.size());
      }
      assertEquals(TokenFile.HEADER_BYTES + expected.size() * dtype.bytes(), Files.size(f));
      TokenFile file = TokenFile.open(f);
      assertEquals(dtype, file.dtype());
      assertEquals(expected.size(), file.size());
      int[] read = new int[(int) file.size()];
      file.copy(0, read, 0, read.length);
      assertArrayEquals(expected.toArray(), read);
      PackedSequences a = new PackedSequences(expected, 3);
      PackedSequences b = new PackedSequences(file, 3);
      assertEquals(a.size(), b.size());
      for (long i = 0; i < a.size(); i++) {
        assertArrayEquals(a.sequence(i), b.sequence(i));
      }
    }
  }

  @Test
  void uint16KeepsIdsUpTo65535AndRejectsLarger() throws IOException {
    Path f = dir.resolve("u16.bin");
    try (TokenFile.Writer w = TokenFile.create(f, TokenDtype.UINT16)) {
      w.write(new int[] {0, 6399, 65535}, 0, 3);
    }
    TokenFile file = TokenFile.open(f);
    assertEquals(65535, file.get(2));
    assertEquals(6399, file.get(1));

    Path g = dir.resolve("big.bin");
    try (TokenFile.Writer w = TokenFile.create(g, TokenDtype.UINT16)) {
      IOException e = assertThrows(IOException.class, () -> w.write(new int[] {1, 65536}, 0, 2));
      assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }
  }

  @Test
  void notATokenFileIsAnErrorNamingTheFile() throws IOException {
    Path f = TestFiles.write(dir.resolve("junk.bin"), "this is not a token file at all");
    IOException e = assertThrows(IOException.class, () -> TokenFile.open(f));
    assertTrue(e.getMessage().contains("junk.bin"), e.getMessage());
  }
}
