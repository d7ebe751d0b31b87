package org.minimind.workbench.data.tokenizer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Hugging Face {@code tokenizer.json} files for byte-level BPE.
 *
 * <p>Written files have the layout the Python library produces for MiniMind's tokenizer: {@code
 * version} "1.0", the special tokens as {@code added_tokens}, no normalizer, the {@code ByteLevel}
 * pre-tokenizer ({@code add_prefix_space=false, trim_offsets=true, use_regex=true}) and decoder, no
 * post-processor, and a {@code BPE} model with its vocabulary in id order and its merges in rank
 * order. Merges are written as {@code "left right"} strings, which every version of the library
 * reads, or as {@code ["left", "right"]} pairs if a token contains a space.
 *
 * <p>Reading accepts both merge forms and rejects, naming the key, any setting this implementation
 * would not reproduce exactly (a normalizer, another pre-tokenizer, a prefix space, subword
 * prefixes or suffixes, byte fallback, dropout, stripping added tokens). Truncation, padding and
 * the post-processor are ignored: encoding here is Hugging Face's {@code add_special_tokens=False}.
 */
final class TokenizerJson {

  private static final Logger LOG = LoggerFactory.getLogger(TokenizerJson.class);
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  private TokenizerJson() {}

  // ---------------------------------------------------------------- writing

  static void write(BpeTokenizer tokenizer, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(toJson(tokenizer));
      w.write('\n');
    }
    LOG.debug("wrote {} to {}", tokenizer, file);
  }

  static String toJson(BpeTokenizer t) {
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", JsonNull.INSTANCE);
    root.add("padding", JsonNull.INSTANCE);
    JsonArray added = new JsonArray();
    List<SpecialToken> specials = new ArrayList<>(t.specialTokens());
    specials.sort(Comparator.comparingInt(SpecialToken::id));
    for (SpecialToken s : specials) {
      JsonObject o = new JsonObject();
      o.addProperty("id", s.id());
      o.addProperty("content", s.content());
      o.addProperty("single_word", false);
      o.addProperty("lstrip", false);
      o.addProperty("rstrip", false);
      o.addProperty("normalized", false);
      o.addProperty("special", s.special());
      added.add(o);
    }
    root.add("added_tokens", added);
    root.add("normalizer", JsonNull.INSTANCE);
    root.add("pre_tokenizer", byteLevel(false));
    root.add("post_processor", JsonNull.INSTANCE);
    root.add("decoder", byteLevel(true));

    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("dropout", JsonNull.INSTANCE);
    model.add(
        "unk_token", t.unkToken() == null ? JsonNull.INSTANCE : new JsonPrimitive(t.unkToken()));
    model.add("continuing_subword_prefix", JsonNull.INSTANCE);
    model.add("end_of_word_suffix", JsonNull.INSTANCE);
    model.addProperty("fuse_unk", t.fuseUnk());
    model.addProperty("byte_fallback", false);
    model.addProperty("ignore_merges", t.ignoreMerges());
    JsonObject vocab = new JsonObject();
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(t.vocab().entrySet());
    entries.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Integer> e : entries) {
      vocab.addProperty(e.getKey(), e.getValue());
    }
    model.add("vocab", vocab);
    boolean pairs =
        t.merges().stream().anyMatch(m -> m.left().contains(" ") || m.right().contains(" "));
    JsonArray merges = new JsonArray();
    for (MergeRule m : t.merges()) {
      if (pairs) {
        JsonArray p = new JsonArray();
        p.add(m.left());
        p.add(m.right());
        merges.add(p);
      } else {
        merges.add(m.left() + " " + m.right());
      }
    }
    model.add("merges", merges);
    root.add("model", model);
    return GSON.toJson(root);
  }

  private static JsonObject byteLevel(boolean addPrefixSpace) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "ByteLevel");
    o.addProperty("add_prefix_space", addPrefixSpace);
    o.addProperty("trim_offsets", true);
    o.addProperty("use_regex", true);
    return o;
  }

  // ---------------------------------------------------------------- reading

  static BpeTokenizer read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("tokenizer file not found: " + file);
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    }
  }

  static BpeTokenizer read(Reader reader, String source) throws IOException {
    JsonElement parsed;
    try (JsonReader r = new JsonReader(reader)) {
      r.setStrictness(Strictness.STRICT);
      parsed = JsonParser.parseReader(r);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new TokenizerFormatException(source, "$", "malformed JSON: text after the value");
      }
    } catch (JsonParseException
        | java.io.EOFException
        | com.google.gson.stream.MalformedJsonException e) {
      throw new TokenizerFormatException(source, "$", "malformed JSON: " + firstLine(e), e);
    }
    if (!parsed.isJsonObject()) {
      throw new TokenizerFormatException(source, "$", "expected a JSON object");
    }
    Reading in = new Reading(source);
    JsonObject root = parsed.getAsJsonObject();

    JsonElement normalizer = root.get("normalizer");
    if (normalizer != null && !normalizer.isJsonNull()) {
      throw in.unsupported("normalizer", "a normalizer (only null is supported)");
    }
    checkPreTokenizer(in, root.get("pre_tokenizer"));
    checkDecoder(in, root.get("decoder"));
    JsonElement post = root.get("post_processor");
    if (post != null && !post.isJsonNull()) {
      LOG.debug("{}: post_processor ignored (encoding adds no special tokens)", source);
    }

    JsonObject model = in.object(root, "model", "model");
    if (model.has("type")) {
      String type = in.string(model, "type", "model.type");
      if (!"BPE".equals(type)) {
        throw in.unsupported("model.type", "model type '" + type + "' (only BPE is supported)");
      }
    }
    JsonElement dropout = model.get("dropout");
    if (dropout != null && !dropout.isJsonNull()) {
      double p = in.number(dropout, "model.dropout");
      if (p != 0.0) {
        throw in.unsupported("model.dropout", "BPE dropout " + p);
      }
    }
    for (String key : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
      JsonElement e = model.get(key);
      if (e != null && !e.isJsonNull() && !in.string(model, key, "model." + key).isEmpty()) {
        throw in.unsupported("model." + key, "a subword " + key.replace('_', ' '));
      }
    }
    if (in.bool(model, "byte_fallback", "model.byte_fallback", false)) {
      throw in.unsupported("model.byte_fallback", "byte fallback");
    }
    boolean fuseUnk = in.bool(model, "fuse_unk", "model.fuse_unk", false);
    boolean ignoreMerges = in.bool(model, "ignore_merges", "model.ignore_merges", false);
    JsonElement unkElement = model.get("unk_token");
    String unkToken =
        unkElement == null || unkElement.isJsonNull()
            ? null
            : in.string(model, "unk_token", "model.unk_token");

    JsonObject vocabJson = in.object(model, "vocab", "model.vocab");
    Map<String, Integer> vocab = new LinkedHashMap<>(vocabJson.size() * 2);
    for (Map.Entry<String, JsonElement> e : vocabJson.entrySet()) {
      vocab.put(e.getKey(), in.integer(e.getValue(), "model.vocab[\"" + e.getKey() + "\"]"));
    }

    JsonElement mergesElement = model.get("merges");
    List<MergeRule> merges = new ArrayList<>();
    if (mergesElement != null && !mergesElement.isJsonNull()) {
      if (!mergesElement.isJsonArray()) {
        throw in.error("model.merges", "expected an array");
      }
      JsonArray arr = mergesElement.getAsJsonArray();
      for (int i = 0; i < arr.size(); i++) {
        merges.add(parseMerge(in, arr.get(i), "model.merges[" + i + "]"));
      }
    }

    List<SpecialToken> specials = new ArrayList<>();
    JsonElement addedElement = root.get("added_tokens");
    if (addedElement != null && !addedElement.isJsonNull()) {
      if (!addedElement.isJsonArray()) {
        throw in.error("added_tokens", "expected an array");
      }
      JsonArray arr = addedElement.getAsJsonArray();
      for (int i = 0; i < arr.size(); i++) {
        String key = "added_tokens[" + i + "]";
        if (!arr.get(i).isJsonObject()) {
          throw in.error(key, "expected an object");
        }
        JsonObject o = arr.get(i).getAsJsonObject();
        int id = in.integer(o.get("id"), key + ".id");
        String content = in.string(o, "content", key + ".content");
        for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
          if (in.bool(o, flag, key + "." + flag, false)) {
            throw in.unsupported(key + "." + flag, "added token option " + flag + "=true");
          }
        }
        boolean special = in.bool(o, "special", key + ".special", false);
        try {
          specials.add(new SpecialToken(id, content, special));
        } catch (IllegalArgumentException e) {
          throw in.error(key, e.getMessage());
        }
      }
    }

    try {
      BpeTokenizer t = new BpeTokenizer(vocab, merges, specials, unkToken, fuseUnk, ignoreMerges);
      LOG.debug("read {} from {}", t, source);
      return t;
    } catch (IllegalArgumentException e) {
      throw new TokenizerFormatException(source, "model", e.getMessage(), e);
    }
  }

  /** Gson's message without its advice to parse leniently and its URL. */
  private static String firstLine(Exception e) {
    Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl))
        .replaceFirst(
            "^Use JsonReader\\.setStrictness\\(.*?\\) to accept malformed JSON", "invalid JSON")
        .replaceFirst("^com\\.google\\.gson\\.[\\w.]+: ", "");
  }

  private static MergeRule parseMerge(Reading in, JsonElement e, String key)
      throws TokenizerFormatException {
    String left;
    String right;
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      String s = e.getAsString();
      int space = s.indexOf(' ');
      if (space < 0 || s.indexOf(' ', space + 1) >= 0) {
        throw in.error(key, "expected \"left right\" with exactly one space, got \"" + s + "\"");
      }
      left = s.substring(0, space);
      right = s.substring(space + 1);
    } else if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
      JsonArray p = e.getAsJsonArray();
      left = in.string(p.get(0), key + "[0]");
      right = in.string(p.get(1), key + "[1]");
    } else {
      throw in.error(key, "expected \"left right\" or [\"left\", \"right\"], got " + e);
    }
    try {
      return new MergeRule(left, right);
    } catch (IllegalArgumentException ex) {
      throw in.error(key, ex.getMessage());
    }
  }

  private static void checkPreTokenizer(Reading in, JsonElement e) throws TokenizerFormatException {
    if (e == null || e.isJsonNull()) {
      throw in.unsupported("pre_tokenizer", "a missing pre-tokenizer (ByteLevel is required)");
    }
    if (!e.isJsonObject()) {
      throw in.error("pre_tokenizer", "expected an object");
    }
    JsonObject o = e.getAsJsonObject();
    String type = in.string(o, "type", "pre_tokenizer.type");
    if (!"ByteLevel".equals(type)) {
      throw in.unsupported(
          "pre_tokenizer.type", "pre-tokenizer '" + type + "' (only ByteLevel is supported)");
    }
    if (in.bool(o, "add_prefix_space", "pre_tokenizer.add_prefix_space", true)) {
      throw in.unsupported("pre_tokenizer.add_prefix_space", "add_prefix_space=true");
    }
    if (!in.bool(o, "use_regex", "pre_tokenizer.use_regex", true)) {
      throw in.unsupported("pre_tokenizer.use_regex", "use_regex=false");
    }
  }

  private static void checkDecoder(Reading in, JsonElement e) throws TokenizerFormatException {
    if (e == null || e.isJsonNull()) {
      return;
    }
    if (!e.isJsonObject()) {
      throw in.error("decoder", "expected an object");
    }
    String type = in.string(e.getAsJsonObject(), "type", "decoder.type");
    if (!"ByteLevel".equals(type)) {
      throw in.unsupported("decoder.type", "decoder '" + type + "' (only ByteLevel is supported)");
    }
  }

  /** Typed access to JSON values with errors that name the source and key. */
  private static final class Reading {
    private final String source;

    Reading(String source) {
      this.source = source;
    }

    TokenizerFormatException error(String key, String problem) {
      return new TokenizerFormatException(source, key, problem);
    }

    TokenizerFormatException unsupported(String key, String what) {
      return new TokenizerFormatException(source, key, "unsupported: " + what);
    }

    JsonObject object(JsonObject parent, String name, String key) throws TokenizerFormatException {
      JsonElement e = parent.get(name);
      if (e == null || e.isJsonNull()) {
        throw error(key, "missing");
      }
      if (!e.isJsonObject()) {
        throw error(key, "expected an object, got " + abbreviate(e));
      }
      return e.getAsJsonObject();
    }

    String string(JsonObject parent, String name, String key) throws TokenizerFormatException {
      JsonElement e = parent.get(name);
      if (e == null || e.isJsonNull()) {
        throw error(key, "missing");
      }
      return string(e, key);
    }

    String string(JsonElement e, String key) throws TokenizerFormatException {
      if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw error(key, "expected a string, got " + abbreviate(e));
      }
      return e.getAsString();
    }

    boolean bool(JsonObject parent, String name, String key, boolean absent)
        throws TokenizerFormatException {
      JsonElement e = parent.get(name);
      if (e == null || e.isJsonNull()) {
        return absent;
      }
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw error(key, "expected true or false, got " + abbreviate(e));
      }
      return e.getAsBoolean();
    }

    double number(JsonElement e, String key) throws TokenizerFormatException {
      if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw error(key, "expected a number, got " + abbreviate(e));
      }
      return e.getAsDouble();
    }

    int integer(JsonElement e, String key) throws TokenizerFormatException {
      double d = number(e, key);
      if (d != Math.rint(d) || d < 0 || d >= BpeTokenizer.MAX_VOCAB_SIZE) {
        throw error(
            key,
            "expected an integer id in [0, "
                + BpeTokenizer.MAX_VOCAB_SIZE
                + "), got "
                + abbreviate(e));
      }
      return (int) d;
    }

    private static String abbreviate(JsonElement e) {
      String s = String.valueOf(e);
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
  }
}
