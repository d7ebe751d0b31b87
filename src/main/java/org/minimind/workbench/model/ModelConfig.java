package org.minimind.workbench.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.io.StrictJson;

/**
 * The shape of a memory language model: the fields of the seed's {@code LMConfig}, under the seed's
 * key names in {@code config.json}.
 *
 * <p>Keys missing from a {@code config.json} take {@code LMConfig}'s defaults, so a config written
 * by the original PyTorch code loads unchanged. Every record is validated when it is built.
 *
 * @param dim model width
 * @param nLayers number of transformer blocks
 * @param nHeads attention heads
 * @param nKvHeads key/value heads (grouped-query attention); divides {@code nHeads}
 * @param vocabSize vocabulary size (tied embedding and output)
 * @param maxSeqLen longest sequence the model is trained on
 * @param dropout dropout probability (0 in every reproduced experiment)
 * @param normEps RMSNorm epsilon
 * @param ropeTheta RoPE base frequency
 * @param knowledgeNum memory slots; a perfect square (product-key grid of sqrt x sqrt)
 * @param knowledgeDim width of one memory slot; even (split into two sub-keys)
 * @param numSelected slots each token reads; at most sqrt(knowledgeNum)
 * @param memoryVariant what the bank stores: float vectors (the seed, 1.4.4) or token ids (1.4.6)
 * @param tokenMemory settings of the token variant (written for both, used by {@code token})
 */
public record ModelConfig(
    int dim,
    int nLayers,
    int nHeads,
    int nKvHeads,
    int vocabSize,
    int maxSeqLen,
    double dropout,
    double normEps,
    double ropeTheta,
    int knowledgeNum,
    int knowledgeDim,
    int numSelected,
    MemoryVariant memoryVariant,
    TokenMemorySettings tokenMemory) {

  /** The seed's {@code LMConfig} defaults: MiniMind 512x8 with a 1M-slot memory bank. */
  public static final ModelConfig SEED_DEFAULTS =
      new ModelConfig(512, 8, 32, 8, 6400, 512, 0.0, 1e-5, 1e6, 1024 * 1024, 128, 16);

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** The seed's fields alone: a continuous memory bank. */
  public ModelConfig(
      int dim,
      int nLayers,
      int nHeads,
      int nKvHeads,
      int vocabSize,
      int maxSeqLen,
      double dropout,
      double normEps,
      double ropeTheta,
      int knowledgeNum,
      int knowledgeDim,
      int numSelected) {
    this(
        dim,
        nLayers,
        nHeads,
        nKvHeads,
        vocabSize,
        maxSeqLen,
        dropout,
        normEps,
        ropeTheta,
        knowledgeNum,
        knowledgeDim,
        numSelected,
        MemoryVariant.CONTINUOUS,
        TokenMemorySettings.DEFAULTS);
  }

  public ModelConfig {
    if (memoryVariant == null) {
      throw new IllegalArgumentException("memory_variant must be continuous or token");
    }
    if (tokenMemory == null) {
      throw new IllegalArgumentException("token memory settings are missing");
    }
    positive("dim", dim);
    positive("n_layers", nLayers);
    positive("n_heads", nHeads);
    positive("n_kv_heads", nKvHeads);
    positive("vocab_size", vocabSize);
    positive("max_seq_len", maxSeqLen);
    positive("knowledge_num", knowledgeNum);
    positive("knowledge_dim", knowledgeDim);
    positive("num_selected", numSelected);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout (" + dropout + ") must be in [0, 1)");
    }
    if (!(normEps > 0)) {
      throw new IllegalArgumentException("norm_eps (" + normEps + ") must be positive");
    }
    if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
      throw new IllegalArgumentException("rope_theta (" + ropeTheta + ") must be positive");
    }
    if (dim % nHeads != 0) {
      throw new IllegalArgumentException(
          "dim (" + dim + ") must be divisible by n_heads (" + nHeads + ")");
    }
    if (nHeads % nKvHeads != 0) {
      throw new IllegalArgumentException(
          "n_heads (" + nHeads + ") must be divisible by n_kv_heads (" + nKvHeads + ")");
    }
    if ((dim / nHeads) % 2 != 0) {
      throw new IllegalArgumentException(
          "head dim (dim / n_heads = " + dim / nHeads + ") must be even for rotary embeddings");
    }
    int side = (int) Math.round(Math.sqrt(knowledgeNum));
    if (side * side != knowledgeNum) {
      throw new IllegalArgumentException(
          "knowledge_num (" + knowledgeNum + ") must be a perfect square for product-key memory");
    }
    if (knowledgeDim % 2 != 0) {
      throw new IllegalArgumentException(
          "knowledge_dim (" + knowledgeDim + ") must be even (it is split into two sub-keys)");
    }
    if (numSelected > side) {
      throw new IllegalArgumentException(
          "num_selected (" + numSelected + ") must be at most sqrt(knowledge_num) (" + side + ")");
    }
  }

  /** The same model with another vocabulary size (a tokenizer's). */
  public ModelConfig withVocabSize(int vocab) {
    return new ModelConfig(
        dim,
        nLayers,
        nHeads,
        nKvHeads,
        vocab,
        maxSeqLen,
        dropout,
        normEps,
        ropeTheta,
        knowledgeNum,
        knowledgeDim,
        numSelected,
        memoryVariant,
        tokenMemory);
  }

  /** The same model with another memory variant. */
  public ModelConfig withMemoryVariant(MemoryVariant variant) {
    return new ModelConfig(
        dim,
        nLayers,
        nHeads,
        nKvHeads,
        vocabSize,
        maxSeqLen,
        dropout,
        normEps,
        ropeTheta,
        knowledgeNum,
        knowledgeDim,
        numSelected,
        variant,
        tokenMemory);
  }

  /** The same model with other token-memory settings. */
  public ModelConfig withTokenMemory(TokenMemorySettings settings) {
    return new ModelConfig(
        dim,
        nLayers,
        nHeads,
        nKvHeads,
        vocabSize,
        maxSeqLen,
        dropout,
        normEps,
        ropeTheta,
        knowledgeNum,
        knowledgeDim,
        numSelected,
        memoryVariant,
        settings);
  }

  /** Side of the product-key grid: sqrt(knowledgeNum). */
  public int numKeys() {
    return (int) Math.round(Math.sqrt(knowledgeNum));
  }

  /** Width of one attention head. */
  public int headDim() {
    return dim / nHeads;
  }

  /** Width of the fusion MLP's input: the hidden state and the selected slots side by side. */
  public int fusionInputDim() {
    return dim + numSelected * knowledgeDim;
  }

  /** The seed's key names and values, in {@code config.json} order. */
  public Map<String, Object> toSeedMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dim", dim);
    m.put("n_layers", nLayers);
    m.put("n_heads", nHeads);
    m.put("n_kv_heads", nKvHeads);
    m.put("vocab_size", vocabSize);
    m.put("max_seq_len", maxSeqLen);
    m.put("dropout", dropout);
    m.put("norm_eps", normEps);
    m.put("rope_theta", ropeTheta);
    m.put("knowledge_num", knowledgeNum);
    m.put("knowledge_dim", knowledgeDim);
    m.put("num_selected", numSelected);
    m.put("memory_variant", memoryVariant.key());
    m.put("knowledge_length", tokenMemory.knowledgeLength());
    m.put("ema_decay", tokenMemory.emaDecay());
    m.put("ema_update_freq", tokenMemory.emaUpdateFreq());
    m.put("knowledge_read", tokenMemory.read().key());
    return m;
  }

  public String toJson() {
    return GSON.toJson(toSeedMap());
  }

  public void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(toJson());
      w.write('\n');
    }
  }

  /**
   * Checks that a tokenizer of {@code tokenizerIds} ids belongs with this model: the same number of
   * ids as {@code vocab_size}. A smaller tokenizer leaves ids the model emits undecodable, a larger
   * one makes ids the embedding does not have.
   *
   * @throws IllegalArgumentException saying both sizes
   */
  public void checkTokenizerVocabulary(int tokenizerIds) {
    if (tokenizerIds != vocabSize) {
      throw new IllegalArgumentException(
          "the tokenizer has "
              + tokenizerIds
              + " ids but the model's vocab_size is "
              + vocabSize
              + ": a model works only with the tokenizer it was trained with");
    }
  }

  /** Reads a {@code config.json}; errors name the file and the offending key. */
  public static ModelConfig read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such config file");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonElement root = StrictJson.parse(r);
      if (!root.isJsonObject()) {
        throw new IOException(file + ": expected a JSON object of LMConfig fields");
      }
      return fromJson(root.getAsJsonObject());
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A configuration from LMConfig's JSON fields. The keys that decide a parameter's shape or the
   * memory's selection ({@link #REQUIRED_KEYS}) must be present; the others take LMConfig's
   * defaults.
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static ModelConfig fromJson(String json) {
    JsonElement e = StrictJson.parse(new java.io.StringReader(json));
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("expected a JSON object of LMConfig fields");
    }
    return fromJson(e.getAsJsonObject());
  }

  /** Keys without which a checkpoint's weights cannot be interpreted. */
  public static final List<String> REQUIRED_KEYS =
      List.of(
          "dim",
          "n_layers",
          "n_heads",
          "n_kv_heads",
          "vocab_size",
          "max_seq_len",
          "knowledge_num",
          "knowledge_dim",
          "num_selected");

  static ModelConfig fromJson(JsonObject o) {
    for (String k : REQUIRED_KEYS) {
      intOf(o, k, 0); // a malformed value is named before the missing keys
    }
    List<String> missing =
        REQUIRED_KEYS.stream().filter(k -> !o.has(k) || o.get(k).isJsonNull()).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "missing "
              + String.join(", ", missing)
              + " (LMConfig's defaults are not assumed for the model's shape)");
    }
    ModelConfig d = SEED_DEFAULTS;
    return new ModelConfig(
        intOf(o, "dim", d.dim),
        intOf(o, "n_layers", d.nLayers),
        intOf(o, "n_heads", d.nHeads),
        intOf(o, "n_kv_heads", d.nKvHeads),
        intOf(o, "vocab_size", d.vocabSize),
        intOf(o, "max_seq_len", d.maxSeqLen),
        doubleOf(o, "dropout", d.dropout),
        doubleOf(o, "norm_eps", d.normEps),
        doubleOf(o, "rope_theta", d.ropeTheta),
        intOf(o, "knowledge_num", d.knowledgeNum),
        intOf(o, "knowledge_dim", d.knowledgeDim),
        intOf(o, "num_selected", d.numSelected),
        MemoryVariant.parse(stringOf(o, "memory_variant", d.memoryVariant.key())),
        new TokenMemorySettings(
            intOf(o, "knowledge_length", d.tokenMemory.knowledgeLength()),
            doubleOf(o, "ema_decay", d.tokenMemory.emaDecay()),
            intOf(o, "ema_update_freq", d.tokenMemory.emaUpdateFreq()),
            TokenMemorySettings.KnowledgeRead.parse(
                stringOf(o, "knowledge_read", d.tokenMemory.read().key()))));
  }

  private static String stringOf(JsonObject o, String key, String fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(key + " (" + e + ") must be a string");
    }
    return e.getAsString();
  }

  private static int intOf(JsonObject o, String key, int fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(key + " (" + e + ") must be an integer, not a " + kind(e));
    }
    double v = e.getAsDouble();
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(key + " (" + e + ") must be an integer");
    }
    if (Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          key + " (" + e + ") is out of range: at most " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  private static double doubleOf(JsonObject o, String key, double fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(key + " (" + e + ") must be a number, not a " + kind(e));
    }
    return e.getAsDouble();
  }

  private static String kind(JsonElement e) {
    if (e.isJsonObject()) {
      return "JSON object";
    }
    if (e.isJsonArray()) {
      return "JSON array";
    }
    return e.getAsJsonPrimitive().isString() ? "string" : "boolean";
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " (" + value + ") must be positive");
    }
  }
}
