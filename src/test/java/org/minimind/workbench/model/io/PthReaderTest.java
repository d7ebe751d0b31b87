package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PthReaderTest {

  @TempDir Path dir;

  // -------------------------------------------------------------------------------------------
  // Real torch.save files

  @ParameterizedTest
  @ValueSource(strings = {"seed-tiny", "seed-wide", "seed-mha"})
  void pthAndSafetensorsOfEachFixtureHoldIdenticalTensors(String fixture) throws IOException {
    Map<String, TensorData> pth =
        PthReader.read(TestFiles.resource("fixtures/" + fixture + "/model.pth"));
    Map<String, TensorData> st =
        SafeTensors.read(TestFiles.resource("fixtures/" + fixture + "/model.safetensors"));
    assertEquals(new TreeSet<>(st.keySet()), new TreeSet<>(pth.keySet()));
    assertTrue(pth.size() > 10, "fixture has " + pth.size() + " tensors");
    for (String name : st.keySet()) {
      // equals: name, dtype, shape and every byte
      assertEquals(st.get(name), pth.get(name), name);
    }
    // state_dict order, not sorted: the seed registers memory_bank first
    assertEquals("memory_bank", pth.keySet().iterator().next());
    // the tied pair shares one storage in the .pth file
    assertTrue(pth.get("output.weight").contentEquals(pth.get("tok_embeddings.weight")));
  }

  @Test
  void viewsOffsetsStridesDtypesAndSharedStoragesMatchTorch() throws IOException {
    LinkedHashMap<String, TensorData> pth = PthReader.read(TestFiles.resource("io/views.pth"));
    LinkedHashMap<String, TensorData> expected =
        SafeTensors.read(TestFiles.resource("io/views.expected.safetensors"));
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(pth.keySet()));
    for (String name : expected.keySet()) {
      assertEquals(expected.get(name), pth.get(name), name);
    }
    // spot checks independent of the expected file
    assertArrayEquals(
        new float[] {0.5f, 4.5f, 8.5f, 1.5f}, Arrays.copyOf(pth.get("transposed").toFloats(), 4));
    assertArrayEquals(
        new float[] {1.25f, 1.5f, 1.75f, 2f, 2.25f, 2.5f}, pth.get("offset_slice").toFloats());
    assertArrayEquals(new float[] {1, 3, 5, 13, 15, 17}, pth.get("strided").toFloats());
    assertArrayEquals(
        new float[] {1.5f, -2f, 3.25f, 1.5f, -2f, 3.25f},
        Arrays.copyOf(pth.get("expanded").toFloats(), 6));
    assertEquals(DType.F16, pth.get("half_t").dtype());
    assertEquals(DType.BF16, pth.get("bf16").dtype());
    assertArrayEquals(new long[] {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6}, pth.get("ids").toLongs());
    assertArrayEquals(
        new long[] {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE}, pth.get("ids32").toLongs());
    assertEquals(0, pth.get("scalar").rank());
    assertEquals(3.5f, pth.get("scalar").toFloats()[0]);
    assertEquals(0, pth.get("empty").numel());
    assertArrayEquals(new long[] {0, 4}, pth.get("empty").shape());
    assertTrue(pth.get("tied_a").contentEquals(pth.get("tied_b")));
    assertArrayEquals(new float[] {0.75f, 0.75f, 0.75f, 0.75f}, pth.get("param").toFloats());
  }

  // -------------------------------------------------------------------------------------------
  // Broken archives

  private static CheckpointException fails(Path f) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> PthReader.read(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    assertEquals(f, e.file());
    return e;
  }

  private static void assertNamesTensor(CheckpointException e, String tensor) {
    assertEquals(tensor, e.tensor().orElse(null), e.getMessage());
    assertTrue(e.getMessage().contains("tensor '" + tensor + "'"), e.getMessage());
  }

  /**
   * Copies a zip, passing each entry through {@code change} (null drops the entry), then adds
   * {@code extra} entries.
   */
  private Path rezip(
      Path src, String name, BiFunction<String, byte[], byte[]> change, Map<String, byte[]> extra)
      throws IOException {
    Path dst = dir.resolve(name);
    try (ZipFile in = new ZipFile(src.toFile());
        OutputStream os = Files.newOutputStream(dst);
        ZipOutputStream out = new ZipOutputStream(os)) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] data;
        try (InputStream is = in.getInputStream(e)) {
          data = is.readAllBytes();
        }
        byte[] changed = change.apply(e.getName(), data);
        if (changed != null) {
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(changed);
          out.closeEntry();
        }
      }
      for (Map.Entry<String, byte[]> e : extra.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return dst;
  }

  private Path archive(String name, byte[] pickle, Map<String, byte[]> storages)
      throws IOException {
    return archive(dir, name, pickle, storages);
  }

  /**
   * An archive {@code dir/name} holding {@code archive/data.pkl} plus the given storages {@code
   * archive/data/<key>}.
   */
  static Path archive(Path dir, String name, byte[] pickle, Map<String, byte[]> storages)
      throws IOException {
    Path dst = dir.resolve(name);
    try (OutputStream os = Files.newOutputStream(dst);
        ZipOutputStream out = new ZipOutputStream(os)) {
      out.putNextEntry(new ZipEntry("archive/data.pkl"));
      out.write(pickle);
      out.closeEntry();
      for (Map.Entry<String, byte[]> e : storages.entrySet()) {
        out.putNextEntry(new ZipEntry("archive/data/" + e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return dst;
  }

  private static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  /** A state dict pickle holding one tensor 'w' on storage '0'. */
  private static byte[] oneTensor(
      String type, long numel, long offset, long[] size, long[] stride) {
    return new PickleBytes()
        .orderedDict()
        .mark()
        .str("w")
        .tensor(type, "0", numel, offset, size, stride)
        .setitems()
        .stop()
        .bytes();
  }

  @Test
  void handBuiltArchiveWithAStridedViewReads() throws IOException {
    // storage 0..11 viewed as a 2x3 matrix with offset 1 and strides (5, 2)
    float[] storage = new float[12];
    for (int i = 0; i < storage.length; i++) {
      storage[i] = i;
    }
    Path f =
        archive(
            "strided.pth",
            oneTensor("FloatStorage", 12, 1, new long[] {2, 3}, new long[] {5, 2}),
            Map.of("0", floats(storage)));
    TensorData w = PthReader.read(f).get("w");
    assertArrayEquals(new long[] {2, 3}, w.shape());
    assertArrayEquals(new float[] {1, 3, 5, 6, 8, 10}, w.toFloats());
  }

  @Test
  void notAZip() throws IOException {
    Path f = TestFiles.write(dir, "model.pth", "hello, not a zip".getBytes(StandardCharsets.UTF_8));
    CheckpointException e = fails(f);
    assertTrue(e.getMessage().contains("expected a zip archive"), e.getMessage());
    Path st =
        Files.copy(
            TestFiles.resource("fixtures/seed-tiny/model.safetensors"), dir.resolve("renamed.pth"));
    assertTrue(fails(st).getMessage().contains("expected a zip archive"));
    Path empty = TestFiles.write(dir, "empty.pth", new byte[0]);
    fails(empty);
    fails(dir.resolve("absent.pth"));
  }

  @Test
  void legacyFormatIsNamed() {
    CheckpointException e = fails(TestFiles.resource("io/legacy.pth"));
    assertTrue(e.getMessage().contains("legacy (pre-1.6) format"), e.getMessage());
  }

  @Test
  void missingDataPkl() throws IOException {
    Path f =
        rezip(
            TestFiles.resource("io/views.pth"),
            "nopkl.pth",
            (n, b) -> n.endsWith("data.pkl") ? null : b,
            Map.of());
    CheckpointException e = fails(f);
    assertTrue(e.getMessage().contains("expected <prefix>/data.pkl"), e.getMessage());
    assertTrue(e.tensor().isEmpty());
  }

  @Test
  void missingStorageNamesTheTensor() throws IOException {
    Path f =
        rezip(
            TestFiles.resource("fixtures/seed-tiny/model.pth"),
            "nostorage.pth",
            (n, b) -> n.equals("model/data/0") ? null : b,
            Map.of());
    CheckpointException e = fails(f);
    assertNamesTensor(e, "memory_bank");
    assertTrue(e.getMessage().contains("'model/data/0'"), e.getMessage());
  }

  @Test
  void truncatedStorageNamesTheTensorAndSizes() throws IOException {
    Path f =
        rezip(
            TestFiles.resource("fixtures/seed-tiny/model.pth"),
            "short.pth",
            (n, b) -> n.equals("model/data/1") ? Arrays.copyOf(b, 1000) : b,
            Map.of());
    CheckpointException e = fails(f);
    assertNamesTensor(e, "tok_embeddings.weight");
    assertTrue(
        e.getMessage().contains("to hold 131072 bytes (32768 elements of F32), found 1000"),
        e.getMessage());
  }

  @Test
  void unsupportedStorageTypeNamesTheTensor() {
    CheckpointException e = fails(TestFiles.resource("io/double.pth"));
    assertNamesTensor(e, "w");
    assertTrue(e.getMessage().contains("torch.DoubleStorage"), e.getMessage());
    assertTrue(e.getMessage().contains("FloatStorage"), e.getMessage());
  }

  @Test
  void untypedStorageIsRefused() throws IOException {
    Path f =
        archive(
            "untyped.pth",
            oneTensor("UntypedStorage", 8, 0, new long[] {2}, new long[] {1}),
            Map.of("0", new byte[8]));
    CheckpointException e = fails(f);
    assertNamesTensor(e, "w");
    assertTrue(e.getMessage().contains("UntypedStorage"), e.getMessage());
  }

  @Test
  void nonTensorValuesAreNamed() {
    CheckpointException e = fails(TestFiles.resource("io/nested.pth"));
    assertNamesTensor(e, "model");
    assertTrue(e.getMessage().contains("expected a tensor, found dict"), e.getMessage());
  }

  @Test
  void byteOrderIsChecked() throws IOException {
    Path big =
        rezip(
            TestFiles.resource("io/views.pth"),
            "big.pth",
            (n, b) -> b,
            Map.of("views/byteorder", "big".getBytes(StandardCharsets.US_ASCII)));
    CheckpointException e = fails(big);
    assertTrue(e.getMessage().contains("expected byteorder 'little', found 'big'"), e.getMessage());
    Path little =
        rezip(
            TestFiles.resource("io/views.pth"),
            "little.pth",
            (n, b) -> b,
            Map.of("views/byteorder", "little".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(15, PthReader.read(little).size());
  }

  @Test
  void viewBeyondItsStorageNamesTheTensor() throws IOException {
    Path f =
        archive(
            "beyond.pth",
            oneTensor("FloatStorage", 4, 2, new long[] {3}, new long[] {1}),
            Map.of("0", floats(1, 2, 3, 4)));
    CheckpointException e = fails(f);
    assertNamesTensor(e, "w");
    assertTrue(e.getMessage().contains("storage '0' of 4 elements"), e.getMessage());
    assertTrue(e.getMessage().contains("reaching element 4"), e.getMessage());
  }

  @Test
  void negativeOffsetsSizesAndStridesAreRefused() throws IOException {
    Map<String, byte[]> storage = Map.of("0", floats(1, 2, 3, 4));
    assertNamesTensor(
        fails(
            archive(
                "negoff.pth",
                oneTensor("FloatStorage", 4, -1, new long[] {2}, new long[] {1}),
                storage)),
        "w");
    assertNamesTensor(
        fails(
            archive(
                "negsize.pth",
                oneTensor("FloatStorage", 4, 0, new long[] {-2}, new long[] {1}),
                storage)),
        "w");
    assertNamesTensor(
        fails(
            archive(
                "negstride.pth",
                oneTensor("FloatStorage", 4, 3, new long[] {2}, new long[] {-1}),
                storage)),
        "w");
    CheckpointException e =
        fails(
            archive(
                "rank.pth",
                oneTensor("FloatStorage", 4, 0, new long[] {2, 2}, new long[] {1}),
                storage));
    assertNamesTensor(e, "w");
    assertTrue(e.getMessage().contains("as many strides as dimensions"), e.getMessage());
  }

  @Test
  void storageLongerThanTheArchiveClaimsIsRefused() throws IOException {
    // numel claims 2^31 floats: refused before any allocation
    Path f =
        archive(
            "huge.pth",
            oneTensor("FloatStorage", Integer.MAX_VALUE, 0, new long[] {2}, new long[] {1}),
            Map.of("0", floats(1, 2)));
    CheckpointException e = fails(f);
    assertNamesTensor(e, "w");
  }

  @Test
  void hostilePicklesAreCheckpointExceptions() throws IOException {
    List<byte[]> pickles = new ArrayList<>();
    // BINUNICODE claiming 2 GiB, and claiming a negative length
    pickles.add(new PickleBytes().op('X').int32(Integer.MAX_VALUE).raw(new byte[3]).bytes());
    pickles.add(new PickleBytes().op('X').int32(-1).raw(new byte[3]).bytes());
    // BINBYTES8 claiming 2^62 bytes
    pickles.add(new PickleBytes().op(0x8e).raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0x40}).bytes());
    // LONG4 with a huge length
    pickles.add(new PickleBytes().op(0x8b).int32(0x7ffffff0).bytes());
    // truncated in the middle of a string, and an empty pickle
    pickles.add(Arrays.copyOf(new PickleBytes().str("abcdef").bytes(), 8));
    pickles.add(new byte[0]);
    // not a pickle at all
    pickles.add("hello world".getBytes(StandardCharsets.US_ASCII));
    // a list instead of a dict
    pickles.add(new PickleBytes().op(']').stop().bytes());
    // a call to a global outside the whitelist
    pickles.add(
        new PickleBytes()
            .global("os", "system")
            .mark()
            .str("echo hi")
            .tuple()
            .reduce()
            .stop()
            .bytes());
    // stack underflow: REDUCE on an empty stack
    pickles.add(new PickleBytes().reduce().stop().bytes());
    // BUILD on a string
    pickles.add(new PickleBytes().str("x").op('}').op('b').stop().bytes());
    // a persistent id that is not a storage tuple
    pickles.add(new PickleBytes().str("nope").binpersid().stop().bytes());
    // the old INST opcode
    pickles.add(
        new PickleBytes()
            .op('(')
            .op('i')
            .raw("os\nsystem\n".getBytes(StandardCharsets.US_ASCII))
            .stop()
            .bytes());
    for (int i = 0; i < pickles.size(); i++) {
      Path f = archive("hostile" + i + ".pth", pickles.get(i), Map.of());
      try {
        PthReader.read(f);
        fail("pickle " + i + " was accepted");
      } catch (CheckpointException e) {
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      }
    }
  }

  /**
   * Random corruption of a real archive (bytes overwritten anywhere, truncation) either reads or
   * fails with a CheckpointException: never another exception or error.
   */
  @Test
  void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
    byte[] valid = Files.readAllBytes(TestFiles.resource("io/views.pth"));
    byte[] pickle;
    try (ZipFile z = new ZipFile(TestFiles.resource("io/views.pth").toFile());
        InputStream in = z.getInputStream(z.getEntry("views/data.pkl"))) {
      pickle = in.readAllBytes();
    }
    Random rnd = new Random(42);
    int failures = 0;
    for (int i = 0; i < 600; i++) {
      Path f;
      if (i % 3 == 0) {
        byte[] b = valid.clone();
        for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        f = TestFiles.write(dir, "fuzz.pth", b);
      } else if (i % 3 == 1) {
        f = TestFiles.write(dir, "fuzz.pth", Arrays.copyOf(valid, rnd.nextInt(valid.length)));
      } else {
        // corrupt the pickle itself inside a valid zip
        byte[] p = pickle.clone();
        for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
          p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
        }
        f =
            rezip(
                TestFiles.resource("io/views.pth"),
                "fuzz.pth",
                (n, b) -> n.endsWith("data.pkl") ? p : b,
                Map.of());
      }
      try {
        PthReader.read(f);
      } catch (CheckpointException expected) {
        failures++;
      } catch (Throwable t) {
        fail("case " + i + " escaped as " + t, t);
      }
    }
    assertTrue(failures > 300, "most corruptions must be detected, got " + failures);
  }
}
