package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonTest {

  @TempDir Path dir;

  private final BpeTokenizer tok = TestTexts.tokenizer();

  private JsonObject savedJson() {
    return JsonParser.parseString(tok.toJson()).getAsJsonObject();
  }

  private static BpeTokenizer load(String json) throws IOException {
    return BpeTokenizer.load(new StringReader(json), "test.json");
  }

  @Test
  void writesHuggingFaceLayout() {
    JsonObject root = savedJson();
    assertEquals("1.0", root.get("version").getAsString());
    assertTrue(root.get("normalizer").isJsonNull());
    assertTrue(root.get("post_processor").isJsonNull());
    JsonArray added = root.getAsJsonArray("added_tokens");
    assertEquals(3, added.size());
    for (int i = 0; i < 3; i++) {
      JsonObject a = added.get(i).getAsJsonObject();
      assertEquals(i, a.get("id").getAsInt());
      assertEquals(BpeTokenizer.MINIMIND_SPECIAL_TOKENS.get(i), a.get("content").getAsString());
      assertTrue(a.get("special").getAsBoolean());
      assertFalse(a.get("normalized").getAsBoolean());
    }
    JsonObject pre = root.getAsJsonObject("pre_tokenizer");
    assertEquals("ByteLevel", pre.get("type").getAsString());
    assertFalse(pre.get("add_prefix_space").getAsBoolean());
    assertTrue(pre.get("trim_offsets").getAsBoolean());
    assertTrue(pre.get("use_regex").getAsBoolean());
    assertEquals("ByteLevel", root.getAsJsonObject("decoder").get("type").getAsString());
    JsonObject model = root.getAsJsonObject("model");
    assertEquals("BPE", model.get("type").getAsString());
    assertFalse(model.get("byte_fallback").getAsBoolean());
    assertTrue(model.get("dropout").isJsonNull());
    JsonObject vocab = model.getAsJsonObject("vocab");
    assertEquals(TestTexts.VOCAB, vocab.size());
    assertEquals(0, vocab.get("<unk>").getAsInt());
    assertEquals(3, vocab.get("!").getAsInt());
    JsonArray merges = model.getAsJsonArray("merges");
    assertEquals(TestTexts.VOCAB - 259, merges.size());
    assertTrue(merges.get(0).getAsString().contains(" "));
    assertTrue(tok.toJson().contains("\"<s>\""), "no HTML escaping of < and >");
  }

  @Test
  void saveLoadRoundTrip() throws IOException {
    Path file = dir.resolve("sub/tokenizer.json");
    tok.save(file);
    BpeTokenizer loaded = BpeTokenizer.load(file);
    assertEquals(tok.toJson(), loaded.toJson());
    assertEquals(tok.vocabSize(), loaded.vocabSize());
    for (String s : TestTexts.varied()) {
      assertArrayEquals(tok.encode(s, true), loaded.encode(s, true), s);
    }
  }

  @Test
  void readsMergesWrittenAsPairs() throws IOException {
    JsonObject root = savedJson();
    JsonObject model = root.getAsJsonObject("model");
    JsonArray pairs = new JsonArray();
    for (JsonElement m : model.getAsJsonArray("merges")) {
      String[] parts = m.getAsString().split(" ");
      JsonArray p = new JsonArray();
      p.add(parts[0]);
      p.add(parts[1]);
      pairs.add(p);
    }
    model.add("merges", pairs);
    model.remove("ignore_merges"); // older files lack it
    BpeTokenizer loaded = load(root.toString());
    assertEquals(tok.merges(), loaded.merges());
    String s = "床前明月光 It's 12 😀";
    assertArrayEquals(tok.encode(s), loaded.encode(s));
  }

  @Test
  void readsMiniMindStyleFile() throws IOException {
    // The layout of MiniMind's own tokenizer.json (model without "type", decoder with prefix
    // space).
    StringBuilder vocab = new StringBuilder("\"<unk>\": 0, \"<s>\": 1, \"</s>\": 2");
    int id = 3;
    for (String c : ByteLevel.alphabet()) {
      vocab
          .append(", \"")
          .append(c.equals("\"") ? "\\\"" : c.equals("\\") ? "\\\\" : c)
          .append("\": ")
          .append(id++);
    }
    vocab.append(", \"Ġt\": 259, \"he\": 260, \"Ġthe\": 261");
    String json =
        "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
            + "{\"id\": 0, \"content\": \"<unk>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
            + " \"normalized\": false, \"special\": true},"
            + "{\"id\": 1, \"content\": \"<s>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
            + " \"normalized\": false, \"special\": true},"
            + "{\"id\": 2, \"content\": \"</s>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false,"
            + " \"normalized\": false, \"special\": true}],"
            + " \"normalizer\": null,"
            + " \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true,"
            + " \"use_regex\": true},"
            + " \"post_processor\": null,"
            + " \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true,"
            + " \"use_regex\": true},"
            + " \"model\": {\"dropout\": null, \"unk_token\": null, \"continuing_subword_prefix\": null,"
            + " \"end_of_word_suffix\": null, \"fuse_unk\": false, \"byte_fallback\": false,"
            + " \"vocab\": {"
            + vocab
            + "}, \"merges\": [\"Ġ t\", \"h e\", [\"Ġt\", \"he\"]]}}";
    BpeTokenizer t = load(json);
    assertEquals(262, t.vocabSize());
    assertArrayEquals(new int[] {1, 261, 2}, t.encode("<s> the</s>", true));
    assertEquals(" the", t.decode(new int[] {1, 261, 2}, true));
  }

  @Test
  void errorsNameTheFileAndTheKey() throws IOException {
    Path file = dir.resolve("broken.json");
    JsonObject root = savedJson();
    root.getAsJsonObject("model").remove("vocab");
    Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
    TokenizerFormatException e =
        assertThrows(TokenizerFormatException.class, () -> BpeTokenizer.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals("model.vocab", e.key());

    Files.writeString(file, "{\"model\": [1, 2", StandardCharsets.UTF_8);
    e = assertThrows(TokenizerFormatException.class, () -> BpeTokenizer.load(file));
    assertTrue(e.getMessage().startsWith(file + ": $: malformed JSON"), e.getMessage());
  }

  @Test
  void rejectsBadValuesAndUnsupportedSettings() {
    String json = tok.toJson().replaceAll("\\s*\\n\\s*", " ");
    String[][] cases = {
      // key, original text, replacement
      {"model.merges[0]", "\"merges\": [", "\"merges\": [\"a b c\","},
      {"model", "\"merges\": [", "\"merges\": [\"q zzqqzzqq\","},
      {"model.vocab[\"!\"]", "\"!\": 3", "\"!\": -3"},
      {"normalizer", "\"normalizer\": null", "\"normalizer\": {\"type\": \"NFC\"}"},
      {
        "pre_tokenizer.add_prefix_space",
        "\"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true }, \"post",
        "\"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true }, \"post"
      },
      {"model.byte_fallback", "\"byte_fallback\": false", "\"byte_fallback\": true"},
      {
        "added_tokens[1].lstrip",
        "\"content\": \"<s>\", \"single_word\": false, \"lstrip\": false",
        "\"content\": \"<s>\", \"single_word\": false, \"lstrip\": true"
      },
    };
    for (String[] c : cases) {
      assertTrue(json.contains(c[1]), c[1]);
      String broken = json.replace(c[1], c[2]);
      TokenizerFormatException e =
          assertThrows(TokenizerFormatException.class, () -> load(broken), c[0]);
      assertEquals(c[0], e.key(), e.getMessage());
      assertTrue(e.getMessage().startsWith("test.json: " + c[0] + ": "), e.getMessage());
    }
  }

  @Test
  void specialTokenListsSurviveSaving() throws IOException {
    BpeTokenizer t =
        BpeTrainer.builder()
            .vocabSize(300)
            .specialTokens(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"))
            .build()
            .train(List.of("some text"));
    BpeTokenizer loaded = load(t.toJson());
    assertEquals(t.specialTokens(), loaded.specialTokens());
  }
}
