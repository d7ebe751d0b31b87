package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTensorsTest {

  @TempDir Path dir;

  private static LinkedHashMap<String, TensorData> sample() {
    LinkedHashMap<String, TensorData> m = new LinkedHashMap<>();
    float[] w = {1f, -2.5f, 65504f, 1e-7f, Float.POSITIVE_INFINITY, -0f};
    m.put("w32", TensorData.ofFloats("w32", new long[] {2, 3}, w, DType.F32));
    m.put("w16", TensorData.ofFloats("w16", new long[] {3, 2}, w, DType.F16));
    m.put("wbf", TensorData.ofFloats("wbf", new long[] {6}, w, DType.BF16));
    m.put(
        "ids",
        TensorData.ofLongs(
            "ids", new long[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
    m.put("ids32", TensorData.ofLongs("ids32", new long[] {3}, new long[] {-7, 0, 7}, DType.I32));
    m.put("scalar", TensorData.ofFloats("scalar", new long[] {}, new float[] {3.5f}, DType.F32));
    m.put("empty", TensorData.ofFloats("empty", new long[] {0, 4}, new float[0], DType.F32));
    return m;
  }

  @Test
  void roundTripsEveryDtypeInInsertionOrder() throws IOException {
    LinkedHashMap<String, TensorData> in = sample();
    Path f = dir.resolve("m.safetensors");
    SafeTensors.write(f, in, Map.of("format", "pt", "note", "ünïcode \"quoted\" <html>"));
    LinkedHashMap<String, TensorData> out = SafeTensors.read(f);
    assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
    for (String k : in.keySet()) {
      assertEquals(in.get(k), out.get(k), k);
    }
    assertEquals(0x7bff, out.get("w16").data().getShort(4) & 0xffff); // 65504 in F16
    assertEquals(
        Map.of("format", "pt", "note", "ünïcode \"quoted\" <html>"), SafeTensors.readMetadata(f));
    assertFalse(out.containsKey("__metadata__"));
  }

  @Test
  void writesTheStandardLayout() throws IOException {
    LinkedHashMap<String, TensorData> in = new LinkedHashMap<>();
    in.put("b", TensorData.ofFloats("b", new long[] {2}, new float[] {1f, 2f}, DType.F32));
    in.put("a", TensorData.ofLongs("a", new long[] {1}, new long[] {-2}));
    Path f = dir.resolve("layout.safetensors");
    SafeTensors.write(f, in, Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, (8 + n) % 8, "data section must start 8-byte aligned");
    assertEquals(8 + n + 16, bytes.length);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{"), header);
    JsonObject json = JsonParser.parseString(header.strip()).getAsJsonObject();
    assertEquals(List.of("__metadata__", "b", "a"), new ArrayList<>(json.keySet()));
    assertEquals(
        "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", json.get("b").toString());
    assertEquals(
        "{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}", json.get("a").toString());
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) (8 + n), 16).slice().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1f, data.getFloat(0));
    assertEquals(2f, data.getFloat(4));
    assertEquals(-2L, data.getLong(8));
  }

  @Test
  void oneTensorCanBeStoredUnderTwoNames() throws IOException {
    TensorData emb =
        TensorData.ofFloats(
            "tok_embeddings.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4}, DType.F32);
    LinkedHashMap<String, TensorData> in = new LinkedHashMap<>();
    in.put("tok_embeddings.weight", emb);
    in.put("output.weight", emb);
    Path f = dir.resolve("tied.safetensors");
    SafeTensors.write(f, in, null);
    Map<String, TensorData> out = SafeTensors.read(f);
    assertEquals("output.weight", out.get("output.weight").name());
    assertTrue(out.get("output.weight").contentEquals(out.get("tok_embeddings.weight")));
    assertEquals(Map.of(), SafeTensors.readMetadata(f));
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed-tiny", "seed-wide", "seed-mha"})
  void readsTheFixturesAndRewritesThemUnchanged(String fixture) throws IOException {
    Path src = TestFiles.resource("fixtures/" + fixture + "/model.safetensors");
    LinkedHashMap<String, TensorData> m = SafeTensors.read(src);
    assertTrue(m.containsKey("memory_bank"));
    assertTrue(m.containsKey("layers.0.attention.wq.weight"));
    assertTrue(m.get("output.weight").contentEquals(m.get("tok_embeddings.weight")));
    m.values().forEach(t -> assertEquals(DType.F32, t.dtype(), t.name()));
    long bytes = m.values().stream().mapToLong(TensorData::byteSize).sum();
    assertTrue(bytes < Files.size(src) && bytes > Files.size(src) - 10_000);

    Path copy = dir.resolve("copy.safetensors");
    SafeTensors.write(copy, m, null);
    assertEquals(m, SafeTensors.read(copy));

    Map<String, TensorData> expected =
        SafeTensors.read(TestFiles.resource("fixtures/" + fixture + "/expected.safetensors"));
    TensorData ids = expected.get("input_ids");
    assertEquals(DType.I64, ids.dtype());
    assertEquals(2, ids.rank());
    long vocab = m.get("tok_embeddings.weight").shape()[0];
    for (long id : ids.toLongs()) {
      assertTrue(id >= 0 && id < vocab, "token id " + id);
    }
  }

  @Test
  void readsInFileOrderEvenIfTheHeaderIsNot() throws IOException {
    String header =
        "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    ByteBuffer data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f);
    Path f = TestFiles.write(dir, "order.safetensors", TestFiles.safetensors(header, data.array()));
    Map<String, TensorData> m = SafeTensors.read(f);
    assertEquals(List.of("first", "second"), new ArrayList<>(m.keySet()));
    assertEquals(1f, m.get("first").toFloats()[0]);
    assertEquals(2f, m.get("second").toFloats()[0]);
  }

  @Test
  void refusesReservedOrEmptyNames() {
    TensorData t = TensorData.ofFloats("x", new long[] {1}, new float[] {1}, DType.F32);
    Path f = dir.resolve("bad.safetensors");
    assertThrows(
        IllegalArgumentException.class,
        () -> SafeTensors.write(f, Map.of("__metadata__", t), null));
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of("", t), null));
    assertFalse(Files.exists(f));
  }

  // -------------------------------------------------------------------------------------------
  // Atomic writes

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private Path existing() throws IOException {
    Path f = dir.resolve("model.safetensors");
    SafeTensors.write(f, sample(), Map.of("version", "old"));
    return f;
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = existing();
    Map<String, TensorData> next =
        Map.of("only", TensorData.ofFloats("only", new long[] {1}, new float[] {9}, DType.F32));
    SafeTensors.write(f, next, Map.of("version", "new"));
    assertEquals(next, SafeTensors.read(f));
    assertEquals(Map.of("version", "new"), SafeTensors.readMetadata(f));
    assertEquals(List.of("model.safetensors"), listing());
  }

  @Test
  void failureWhileWritingKeepsTheOldFile() throws IOException {
    Path f = existing();
    byte[] before = Files.readAllBytes(f);
    CheckpointException e =
        assertThrows(
            CheckpointException.class,
            () ->
                SafeTensors.writeAtomically(
                    f,
                    ch -> {
                      ch.write(ByteBuffer.wrap(new byte[4096]));
                      throw new IOException("device full");
                    }));
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    assertTrue(e.getMessage().contains("device full"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of("model.safetensors"), listing());
  }

  @Test
  void aTensorWhoseDataThrowsKeepsTheOldFile() throws IOException {
    Path f = existing();
    byte[] before = Files.readAllBytes(f);
    // The header pass succeeds; the data pass fails on its third tensor, after the header and two
    // tensors have gone to the temporary file.
    int[] delivered = new int[1];
    Map<String, TensorData> failing =
        new SecondPass(
            sample(),
            (i, e) -> {
              if (i == 2) {
                throw new IllegalStateException("tensor data unavailable");
              }
              delivered[0]++;
              return e;
            });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(f, failing, null));
    assertEquals("tensor data unavailable", e.getMessage());
    assertEquals(2, delivered[0]);
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of("model.safetensors"), listing());
  }

  @Test
  void aMapChangedWhileWritingKeepsTheOldFile() throws IOException {
    Path f = existing();
    byte[] before = Files.readAllBytes(f);
    TensorData smaller = TensorData.ofFloats("w16", new long[] {1}, new float[] {1}, DType.F16);
    Map<String, TensorData> changing =
        new SecondPass(
            sample(), (i, e) -> e.getKey().equals("w16") ? Map.entry("w16", smaller) : e);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> SafeTensors.write(f, changing, null));
    assertEquals("w16", e.tensor().orElseThrow());
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of("model.safetensors"), listing());
  }

  @Test
  void failureToReplaceTheTargetRemovesTheTemporaryFile() throws IOException {
    Path target = Files.createDirectory(dir.resolve("taken.safetensors"));
    Files.writeString(target.resolve("keep.txt"), "x");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> SafeTensors.write(target, sample(), null));
    assertTrue(e.getMessage().contains("taken.safetensors"), e.getMessage());
    assertEquals(List.of("taken.safetensors"), listing());
    assertTrue(Files.exists(target.resolve("keep.txt")));
  }

  @Test
  void writingIntoAMissingDirectoryFailsCleanly() {
    Path f = dir.resolve("no/such/dir/model.safetensors");
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> SafeTensors.write(f, sample(), null));
    assertSame(f, e.file());
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
  }

  /**
   * A map that iterates normally the first time and passes every entry of later iterations through
   * {@code onLaterPass} (index, entry), which may replace the entry or throw.
   */
  private static final class SecondPass extends AbstractMap<String, TensorData> {
    private final Map<String, TensorData> delegate;
    private final BiFunction<Integer, Entry<String, TensorData>, Entry<String, TensorData>>
        onLaterPass;
    private int iterations;

    SecondPass(
        Map<String, TensorData> delegate,
        BiFunction<Integer, Entry<String, TensorData>, Entry<String, TensorData>> onLaterPass) {
      this.delegate = delegate;
      this.onLaterPass = onLaterPass;
    }

    @Override
    public Set<Entry<String, TensorData>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, TensorData>> iterator() {
          Iterator<Entry<String, TensorData>> it = delegate.entrySet().iterator();
          if (iterations++ == 0) {
            return it;
          }
          return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<String, TensorData> next() {
              return onLaterPass.apply(i++, it.next());
            }
          };
        }

        @Override
        public int size() {
          return delegate.size();
        }
      };
    }
  }
}
