package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with the Rust library for {@code BPE} options that MiniMind's own file does not use but
 * other byte-level files do: {@code ignore_merges}, an unknown token with bytes missing from the
 * vocabulary, and {@code fuse_unk}.
 */
class HuggingFaceVariantsTest {

  @TempDir Path dir;

  private static JsonObject baseJson() {
    return JsonParser.parseString(TestTexts.tokenizer().toJson()).getAsJsonObject();
  }

  private int compare(JsonObject json, String name) throws IOException {
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    BpeTokenizer ours = BpeTokenizer.load(file);
    int unknown = 0;
    try (HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.newInstance(
            file, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
      for (String s : TestTexts.varied()) {
        int[] ids = ours.encode(s, true);
        long[] expected = hf.encode(s, false, false).getIds();
        assertArrayEquals(
            expected, Arrays.stream(ids).mapToLong(i -> i).toArray(), () -> name + ": " + s);
        assertEquals(hf.decode(expected, false), ours.decode(ids, false), s);
        if (!s.contains(BpeTokenizer.UNK)) {
          unknown += (int) Arrays.stream(ids).filter(i -> i == BpeTokenizer.UNK_ID).count();
        }
      }
    }
    return unknown;
  }

  @Test
  void ignoreMerges() throws IOException {
    JsonObject json = baseJson();
    JsonObject model = json.getAsJsonObject("model");
    model.addProperty("ignore_merges", true);
    // A whole word that the merges would not build, so ignoring merges changes the result.
    String word = ByteLevel.toChars(" moonlight".getBytes(StandardCharsets.UTF_8));
    model.getAsJsonObject("vocab").addProperty(word, TestTexts.VOCAB);
    compare(json, "ignore-merges");
    BpeTokenizer t = BpeTokenizer.load(writeTo(json, "ignore-merges-2"));
    assertArrayEquals(new int[] {TestTexts.VOCAB}, t.encode(" moonlight"));
  }

  @Test
  void unknownTokenForMissingBytes() throws IOException {
    for (boolean fuse : new boolean[] {false, true}) {
      JsonObject json = withoutFourByteLeads(baseJson());
      json.getAsJsonObject("model").add("unk_token", new JsonPrimitive("<unk>"));
      json.getAsJsonObject("model").addProperty("fuse_unk", fuse);
      int unknown = compare(json, "unk-" + fuse);
      assertTrue(unknown > 0, "emoji should have produced <unk>");
    }
  }

  @Test
  void missingBytesWithoutUnknownTokenAreDropped() throws IOException {
    int unknown = compare(withoutFourByteLeads(baseJson()), "no-unk");
    assertEquals(0, unknown);
  }

  @Test
  void extraAddedTokensSpecialAndNot() throws IOException {
    JsonObject json = baseJson();
    JsonArray added = json.getAsJsonArray("added_tokens");
    String[][] extra = {
      {"<|im_start|>", "true"},
      {"<|im_end|>", "true"},
      {"<think>", "false"},
      {"</think>", "false"},
      {"<think", "false"}
    };
    int id = TestTexts.VOCAB;
    for (String[] e : extra) {
      JsonObject o = new JsonObject();
      o.addProperty("id", id++);
      o.addProperty("content", e[0]);
      o.addProperty("single_word", false);
      o.addProperty("lstrip", false);
      o.addProperty("rstrip", false);
      o.addProperty("normalized", false);
      o.addProperty("special", Boolean.parseBoolean(e[1]));
      added.add(o);
    }
    Path file = writeTo(json, "added");
    BpeTokenizer ours = BpeTokenizer.load(file);
    assertEquals(TestTexts.VOCAB + extra.length, ours.vocabSize());
    String[] texts = {
      "<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n<think>嗯</think>好的<|im_end|>",
      "<think <think> </think>< think>",
      "<s>a</s><|im_end|><unk>"
    };
    try (HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.newInstance(
            file, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
      for (String s : texts) {
        int[] ids = ours.encode(s, true);
        long[] expected = hf.encode(s, false, false).getIds();
        assertArrayEquals(expected, Arrays.stream(ids).mapToLong(i -> i).toArray(), s);
        assertEquals(hf.decode(expected, true), ours.decode(ids, true), s);
        assertEquals(hf.decode(expected, false), ours.decode(ids, false), s);
      }
    }
  }

  private Path writeTo(JsonObject json, String name) throws IOException {
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /** Removes the lead bytes of 4-byte UTF-8 sequences (emoji) and every token built on them. */
  private static JsonObject withoutFourByteLeads(JsonObject json) {
    String banned = "";
    for (int b = 0xF0; b <= 0xF4; b++) {
      banned += ByteLevel.byteToChar(b);
    }
    JsonObject model = json.getAsJsonObject("model");
    JsonObject vocab = new JsonObject();
    for (Map.Entry<String, JsonElement> e : model.getAsJsonObject("vocab").entrySet()) {
      if (!containsAny(e.getKey(), banned)) {
        vocab.add(e.getKey(), e.getValue());
      }
    }
    JsonArray merges = new JsonArray();
    for (JsonElement m : model.getAsJsonArray("merges")) {
      if (!containsAny(m.getAsString(), banned)) {
        merges.add(m);
      }
    }
    model.add("vocab", vocab);
    model.add("merges", merges);
    return json;
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < chars.length(); i++) {
      if (s.indexOf(chars.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
