package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and malicious safetensors files: each must fail with a precise CheckpointException. */
class SafeTensorsHostileInputTest {

  @TempDir Path dir;

  private static byte[] lengthOnly(long headerLength, int extraBytes) {
    ByteBuffer b = ByteBuffer.allocate(8 + extraBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength);
    return b.array();
  }

  private static String entry(String name, String dtype, String shape, String offsets) {
    return "\""
        + name
        + "\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":"
        + offsets
        + "}";
  }

  private static Arguments hostile(String label, byte[] bytes, String tensor, String fragment) {
    return Arguments.of(label, bytes, tensor, fragment);
  }

  private static Arguments header(
      String label, String json, int dataBytes, String tensor, String fragment) {
    return hostile(label, TestFiles.safetensors(json, new byte[dataBytes]), tensor, fragment);
  }

  static Stream<Arguments> cases() {
    String ok = entry("w", "F32", "[2]", "[0,8]");
    return Stream.of(
        hostile("empty file", new byte[0], null, "at least 8 bytes"),
        hostile("7 bytes", new byte[7], null, "at least 8 bytes"),
        hostile("header longer than file", lengthOnly(1000, 10), null, "exceeds the file"),
        hostile("header length absurd", lengthOnly(1L << 40, 10), null, "at most 100000000"),
        hostile("header length 2^64-1", lengthOnly(-1L, 10), null, "18446744073709551615"),
        hostile(
            "header length just over the limit",
            lengthOnly(100_000_001L, 10),
            null,
            "at most 100000000"),
        header("not JSON", "this is not json", 0, null, "valid JSON"),
        header("JSON array", "[1,2,3]", 0, null, "to be an object, found an array"),
        header("JSON string", "\"abc\"", 0, null, "to be an object, found a string"),
        header("unterminated JSON", "{\"w\":{\"dtype\":\"F32\"", 0, "w", "valid JSON"),
        header("trailing garbage", "{" + ok + "} xx", 8, null, "padding"),
        header(
            "lenient JSON", "{w:{dtype:F32,shape:[2],data_offsets:[0,8]}}", 8, null, "valid JSON"),
        hostile("invalid UTF-8", invalidUtf8(), null, "UTF-8"),
        header("deeply nested", "{\"w\":" + "[".repeat(200_000), 0, "w", "expected an object"),
        header(
            "deeply nested metadata",
            "{\"__metadata__\":" + "[".repeat(200_000),
            0,
            null,
            "__metadata__"),
        header(
            "unknown dtype", "{" + entry("w", "F64", "[1]", "[0,8]") + "}", 8, "w", "found 'F64'"),
        header(
            "dtype not a string",
            "{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}",
            4,
            "w",
            "dtype to be a string"),
        header(
            "negative dimension",
            "{" + entry("w", "F32", "[-1,2]", "[0,8]") + "}",
            8,
            "w",
            "non-negative shape"),
        header(
            "fractional dimension",
            "{" + entry("w", "F32", "[1.5]", "[0,4]") + "}",
            4,
            "w",
            "found 1.5"),
        header(
            "dimension beyond long",
            "{" + entry("w", "F32", "[99999999999999999999]", "[0,4]") + "}",
            4,
            "w",
            "99999999999999999999"),
        header(
            "element count overflows",
            "{" + entry("w", "F32", "[4611686018427387904,4]", "[0,4]") + "}",
            4,
            "w",
            "more elements"),
        header(
            "rank beyond limit",
            "{" + entry("w", "F32", "[" + "1,".repeat(100) + "1]", "[0,4]") + "}",
            4,
            "w",
            "at most 64"),
        header(
            "shape/offset mismatch",
            "{" + entry("w", "F32", "[2,2]", "[0,12]") + "}",
            12,
            "w",
            "spanning 16 bytes"),
        header(
            "offsets outside data",
            "{" + entry("w", "F32", "[4]", "[0,16]") + "}",
            8,
            "w",
            "within the data section (8 bytes)"),
        header(
            "offsets far outside data",
            "{" + entry("w", "F32", "[2]", "[9223372036854775000,9223372036854775008]") + "}",
            8,
            "w",
            "within the data section"),
        header(
            "begin after end",
            "{" + entry("w", "F32", "[0]", "[8,4]") + "}",
            8,
            "w",
            "begin <= end"),
        header("one offset", "{" + entry("w", "F32", "[0]", "[0]") + "}", 0, "w", "[begin, end]"),
        header(
            "three offsets", "{" + entry("w", "F32", "[1]", "[0,4,8]") + "}", 8, "w", "at most 2"),
        header(
            "negative offset",
            "{" + entry("w", "F32", "[1]", "[-4,0]") + "}",
            4,
            "w",
            "non-negative data_offsets"),
        header(
            "overlapping offsets",
            "{"
                + entry("a", "F32", "[2]", "[0,8]")
                + ","
                + entry("b", "F32", "[2]", "[4,12]")
                + "}",
            12,
            "b",
            "overlapping tensor 'a'"),
        header(
            "same offsets twice",
            "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[0,8]") + "}",
            8,
            "b",
            "overlapping tensor 'a'"),
        header(
            "gap between tensors",
            "{"
                + entry("a", "F32", "[1]", "[0,4]")
                + ","
                + entry("b", "F32", "[1]", "[8,12]")
                + "}",
            12,
            "b",
            "belong to no tensor"),
        header(
            "trailing data",
            "{" + entry("a", "F32", "[1]", "[0,4]") + "}",
            8,
            null,
            "4 trailing bytes"),
        header(
            "missing dtype",
            "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}",
            4,
            "w",
            "found no dtype"),
        header(
            "missing offsets",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}",
            4,
            "w",
            "found no data_offsets"),
        header(
            "unknown field",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]," + "\"extra\":1}}",
            4,
            "w",
            "field 'extra'"),
        header(
            "repeated field",
            "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}",
            4,
            "w",
            "once"),
        header(
            "duplicate tensor",
            "{" + entry("w", "F32", "[1]", "[0,4]") + "," + entry("w", "F32", "[1]", "[4,8]") + "}",
            8,
            "w",
            "found it twice"),
        header("tensor entry not an object", "{\"w\":5}", 0, "w", "found a number"),
        header(
            "shape not an array",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":2," + "\"data_offsets\":[0,8]}}",
            8,
            "w",
            "shape to be an array"),
        header(
            "shape holds strings",
            "{" + entry("w", "F32", "[\"2\"]", "[0,8]") + "}",
            8,
            "w",
            "found a string"),
        header("metadata not an object", "{\"__metadata__\":[]}", 0, null, "__metadata__"),
        header(
            "metadata value not a string",
            "{\"__metadata__\":{\"epoch\":3}}",
            0,
            null,
            "'epoch' to be a string"),
        header(
            "metadata twice",
            "{\"__metadata__\":{},\"__metadata__\":{}}",
            0,
            null,
            "one __metadata__"));
  }

  private static byte[] invalidUtf8() {
    byte[] h = "{\"w\":1}".getBytes(StandardCharsets.UTF_8);
    h[2] = (byte) 0xc3; // a lead byte followed by an ASCII byte
    ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(h.length).put(h).array();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithACheckpointExceptionNamingFileAndTensor(
      String label, byte[] bytes, String tensor, String fragment) throws IOException {
    Path f = TestFiles.write(dir, "hostile.safetensors", bytes);
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    String msg = e.getMessage();
    assertTrue(msg.startsWith(f.toString() + ": "), msg);
    assertEquals(f, e.file());
    assertTrue(msg.contains(fragment), () -> label + ": expected '" + fragment + "' in " + msg);
    if (tensor == null) {
      assertTrue(e.tensor().isEmpty(), msg);
    } else {
      assertEquals(tensor, e.tensor().orElse(null), msg);
      assertTrue(msg.contains("tensor '" + tensor + "'"), msg);
    }
    // readMetadata validates the same header.
    if (bytes.length >= 8) {
      assertThrows(CheckpointException.class, () -> SafeTensors.readMetadata(f));
    }
  }

  @Test
  void missingFileIsACheckpointException() {
    Path f = dir.resolve("absent.safetensors");
    CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("absent.safetensors"), e.getMessage());
  }

  @Test
  void paddingWithSpacesAndEmptyFilesAreAccepted() throws IOException {
    Path f =
        TestFiles.write(
            dir,
            "padded.safetensors",
            TestFiles.safetensors(
                "{" + entry("w", "F32", "[2]", "[0,8]") + "}      ", new byte[8]));
    assertEquals(2, SafeTensors.read(f).get("w").numel());
    Path empty =
        TestFiles.write(dir, "empty.safetensors", TestFiles.safetensors("{}", new byte[0]));
    assertTrue(SafeTensors.read(empty).isEmpty());
  }

  /**
   * Random corruption of a valid file (bytes overwritten, truncation, appended bytes) must either
   * read or fail with a CheckpointException: never another exception or error.
   */
  @Test
  void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
    byte[] valid = Files.readAllBytes(TestFiles.resource("io/views.expected.safetensors"));
    Random rnd = new Random(20240607L);
    int failures = 0;
    for (int i = 0; i < 1500; i++) {
      byte[] b;
      switch (i % 3) {
        case 0 -> {
          b = valid.clone();
          int n = 1 + rnd.nextInt(4);
          for (int k = 0; k < n; k++) {
            int pos = rnd.nextInt(Math.min(b.length, 600)); // mostly the length and header
            b[pos] = (byte) rnd.nextInt(256);
          }
        }
        case 1 -> b = Arrays.copyOf(valid, rnd.nextInt(valid.length));
        default -> {
          b = Arrays.copyOf(valid, valid.length + 1 + rnd.nextInt(16));
        }
      }
      Path f = TestFiles.write(dir, "fuzz.safetensors", b);
      try {
        SafeTensors.read(f);
      } catch (CheckpointException expected) {
        failures++;
        assertTrue(expected.getMessage().startsWith(f.toString()), expected.getMessage());
      } catch (Throwable t) {
        fail("case " + i + " escaped as " + t, t);
      }
    }
    assertTrue(failures > 1000, "most corruptions must be detected, got " + failures);
  }
}
