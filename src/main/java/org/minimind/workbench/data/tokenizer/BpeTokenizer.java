package org.minimind.workbench.data.tokenizer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-level BPE tokenizer with the semantics of Hugging Face {@code tokenizers}' {@code BPE}
 * model behind a {@code ByteLevel} pre-tokenizer and decoder, as MiniMind uses it.
 *
 * <p><b>Encoding.</b> If asked, special tokens (Hugging Face's added tokens, e.g. {@code <s>}) are
 * first cut out of the text wherever their literal content occurs (leftmost, longest first). Each
 * remaining segment is split by {@link ByteLevelPreTokenizer} (GPT-2's expression); each piece is
 * turned into UTF-8 bytes, each byte into its {@link ByteLevel} symbol, and then the merge of
 * lowest rank among adjacent symbols is applied, leftmost first, until none applies (Hugging Face's
 * {@code Word::merge_all}, including its rule that a queued merge still applies when the pair now
 * at its place yields the same token). Results per piece are cached. This gives the same ids as
 * Hugging Face's {@code encode(text, add_special_tokens=False)}; post-processors are not applied.
 *
 * <p><b>Bytes.</b> {@link #encodeBytes} accepts any byte array. Well-formed UTF-8 is tokenized
 * exactly like the equivalent string. Each byte that is not part of a well-formed sequence is
 * pre-tokenized as one symbol of class "other" (like punctuation: it joins a neighbouring {@code
 * [^\s\p{L}\p{N}]+} run), and that run's bytes are merged as usual, so {@code
 * decodeBytes(encodeBytes(b))} is always {@code b}. Unpaired surrogates in a {@code String} have no
 * UTF-8 form and are encoded as U+FFFD.
 *
 * <p><b>Decoding.</b> Ids map to their tokens' bytes; {@link #decode} turns them into text,
 * replacing each maximal ill-formed subsequence with U+FFFD as Hugging Face's byte-level decoder
 * does.
 *
 * <p>Instances are immutable apart from the internal cache and safe to share between threads.
 */
public final class BpeTokenizer {

  /** MiniMind's unknown-token (also used for padding). */
  public static final String UNK = "<unk>";

  /** MiniMind's begin-of-text token. */
  public static final String BOS = "<s>";

  /** MiniMind's end-of-text token. */
  public static final String EOS = "</s>";

  /**
   * Most ids a vocabulary may hold (2^22, sixteen times the largest vocabularies in use): the
   * tokenizer keeps arrays indexed by id, so a larger id in a file is refused before allocating.
   */
  public static final int MAX_VOCAB_SIZE = 1 << 22;

  /** Id of {@link #UNK} in a MiniMind vocabulary. */
  public static final int UNK_ID = 0;

  /** Id of {@link #BOS} in a MiniMind vocabulary. */
  public static final int BOS_ID = 1;

  /** Id of {@link #EOS} in a MiniMind vocabulary. */
  public static final int EOS_ID = 2;

  /** Padding id in MiniMind (the unknown token). */
  public static final int PAD_ID = UNK_ID;

  /** MiniMind's special tokens in id order. */
  public static final List<String> MINIMIND_SPECIAL_TOKENS = List.of(UNK, BOS, EOS);

  private static final int CACHE_CAPACITY = 100_000;

  private final Map<String, Integer> vocab;
  private final String[] idToToken;
  private final byte[][] idToBytes;
  private final boolean[] skippable;
  private final List<MergeRule> merges;
  private final List<SpecialToken> specialTokens;
  private final SpecialToken[] specialsByLength;
  private final boolean[] specialFirstChar;
  private final int[] byteToId = new int[256];
  private final PairMap mergeRanks;
  private final int[] rankToNewId;
  private final String unkToken;
  private final int unkId;
  private final boolean fuseUnk;
  private final boolean ignoreMerges;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  /**
   * Builds a tokenizer from a vocabulary, ranked merges and special tokens, with Hugging Face's
   * defaults for the other {@code BPE} options (no unknown token, merges not ignored).
   *
   * @throws IllegalArgumentException if a merge names a token that is not in the vocabulary, two
   *     tokens share an id, or a special token's id is held by a different vocabulary token
   */
  public static BpeTokenizer of(
      Map<String, Integer> vocab, List<MergeRule> merges, List<SpecialToken> specialTokens) {
    return new BpeTokenizer(vocab, merges, specialTokens, null, false, false);
  }

  BpeTokenizer(
      Map<String, Integer> vocab,
      List<MergeRule> merges,
      List<SpecialToken> specialTokens,
      String unkToken,
      boolean fuseUnk,
      boolean ignoreMerges) {
    Objects.requireNonNull(vocab, "vocab");
    Objects.requireNonNull(merges, "merges");
    Objects.requireNonNull(specialTokens, "specialTokens");
    this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
    this.merges = List.copyOf(merges);
    this.specialTokens = List.copyOf(specialTokens);
    this.unkToken = unkToken;
    this.fuseUnk = fuseUnk;
    this.ignoreMerges = ignoreMerges;

    int maxId = -1;
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0 || e.getValue() >= MAX_VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "token '"
                + e.getKey()
                + "' has id "
                + e.getValue()
                + ", expected an id in [0, "
                + MAX_VOCAB_SIZE
                + ")");
      }
      maxId = Math.max(maxId, e.getValue());
    }
    for (SpecialToken t : this.specialTokens) {
      if (t.id() >= MAX_VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "special token '"
                + t.content()
                + "' has id "
                + t.id()
                + ", expected an id in [0, "
                + MAX_VOCAB_SIZE
                + ")");
      }
      maxId = Math.max(maxId, t.id());
    }
    idToToken = new String[maxId + 1];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      int id = e.getValue();
      if (idToToken[id] != null) {
        throw new IllegalArgumentException(
            "tokens '" + idToToken[id] + "' and '" + e.getKey() + "' share id " + id);
      }
      idToToken[id] = e.getKey();
    }
    idToBytes = new byte[idToToken.length][];
    for (int id = 0; id < idToToken.length; id++) {
      if (idToToken[id] != null) {
        idToBytes[id] = tokenBytes(idToToken[id]);
      }
    }
    skippable = new boolean[idToToken.length];
    String[] modelTokens = idToToken.clone();
    Map<String, SpecialToken> byContent = new HashMap<>();
    Map<Integer, SpecialToken> byId = new HashMap<>();
    for (SpecialToken t : this.specialTokens) {
      String held = modelTokens[t.id()];
      if (held != null && !held.equals(t.content())) {
        throw new IllegalArgumentException(
            "special token '"
                + t.content()
                + "' has id "
                + t.id()
                + ", which the vocabulary gives to '"
                + held
                + "'");
      }
      if (byContent.putIfAbsent(t.content(), t) != null) {
        throw new IllegalArgumentException("special token '" + t.content() + "' is listed twice");
      }
      SpecialToken other = byId.putIfAbsent(t.id(), t);
      if (other != null) {
        throw new IllegalArgumentException(
            "special tokens '"
                + other.content()
                + "' and '"
                + t.content()
                + "' share id "
                + t.id());
      }
      idToToken[t.id()] = t.content();
      idToBytes[t.id()] = tokenBytes(t.content());
      skippable[t.id()] = t.special();
    }
    specialsByLength = this.specialTokens.toArray(new SpecialToken[0]);
    Arrays.sort(specialsByLength, (a, b) -> b.content().length() - a.content().length());
    specialFirstChar = new boolean[65536];
    for (SpecialToken t : specialsByLength) {
      specialFirstChar[t.content().charAt(0)] = true;
    }

    for (int b = 0; b < 256; b++) {
      Integer id = vocab.get(String.valueOf(ByteLevel.byteToChar(b)));
      byteToId[b] = id == null ? -1 : id;
    }
    if (unkToken != null) {
      Integer id = vocab.get(unkToken);
      if (id == null) {
        throw new IllegalArgumentException(
            "unknown token '" + unkToken + "' is not in the vocabulary");
      }
      unkId = id;
    } else {
      unkId = -1;
    }

    mergeRanks = new PairMap(this.merges.size());
    rankToNewId = new int[this.merges.size()];
    for (int rank = 0; rank < this.merges.size(); rank++) {
      MergeRule m = this.merges.get(rank);
      int a = requireToken(vocab, m, rank, m.left());
      int b = requireToken(vocab, m, rank, m.right());
      int merged = requireToken(vocab, m, rank, m.merged());
      mergeRanks.put(PairMap.key(a, b), rank);
      rankToNewId[rank] = merged;
    }
  }

  private static int requireToken(Map<String, Integer> vocab, MergeRule m, int rank, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException(
          "merge "
              + rank
              + " ('"
              + m.left()
              + "' '"
              + m.right()
              + "'): token '"
              + token
              + "' is not in the vocabulary");
    }
    return id;
  }

  private static byte[] tokenBytes(String token) {
    byte[] b = ByteLevel.toBytesOrNull(token);
    return b != null ? b : Utf8.bytes(Utf8.sanitize(token));
  }

  // ---------------------------------------------------------------- loading and saving

  /**
   * Reads a Hugging Face {@code tokenizer.json} (ours or MiniMind's; merges as {@code "a b"}
   * strings or {@code ["a", "b"]} pairs).
   *
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported configuration;
   *     the message names the file and the key
   */
  public static BpeTokenizer load(Path file) throws IOException {
    return TokenizerJson.read(file);
  }

  /** Reads a {@code tokenizer.json} from {@code reader}; {@code sourceName} appears in errors. */
  public static BpeTokenizer load(Reader reader, String sourceName) throws IOException {
    return TokenizerJson.read(reader, sourceName);
  }

  /** Writes this tokenizer as a Hugging Face {@code tokenizer.json} (UTF-8). */
  public void save(Path file) throws IOException {
    TokenizerJson.write(this, file);
  }

  /** This tokenizer as the text of a Hugging Face {@code tokenizer.json}. */
  public String toJson() {
    return TokenizerJson.toJson(this);
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes {@code text}, treating special-token strings such as {@code "<s>"} as plain text. */
  public int[] encode(String text) {
    return encode(text, false);
  }

  /**
   * Encodes {@code text}.
   *
   * @param allowSpecial if true, literal special-token strings in the text become their ids (as
   *     Hugging Face does for added tokens); if false they are tokenized like any other text
   */
  public int[] encode(String text, boolean allowSpecial) {
    Objects.requireNonNull(text, "text");
    String s = Utf8.sanitize(text);
    IntList out = new IntList(s.length() / 2 + 4);
    encodeEscaped(s, allowSpecial, out);
    return out.toArray();
  }

  /** Encodes arbitrary bytes (see the class comment for ill-formed UTF-8); no special tokens. */
  public int[] encodeBytes(byte[] bytes) {
    return encodeBytes(bytes, false);
  }

  /** Encodes arbitrary bytes; with {@code allowSpecial}, special-token strings become their ids. */
  public int[] encodeBytes(byte[] bytes, boolean allowSpecial) {
    Objects.requireNonNull(bytes, "bytes");
    String s = Utf8.decodeEscaped(bytes);
    IntList out = new IntList(s.length() / 2 + 4);
    encodeEscaped(s, allowSpecial, out);
    return out.toArray();
  }

  /** The tokens {@link #encode(String, boolean)} produces, as vocabulary strings. */
  public List<String> tokenize(String text, boolean allowSpecial) {
    int[] ids = encode(text, allowSpecial);
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      out.add(idToToken[id]);
    }
    return Collections.unmodifiableList(out);
  }

  private void encodeEscaped(String s, boolean allowSpecial, IntList out) {
    int n = s.length();
    if (!allowSpecial || specialsByLength.length == 0) {
      encodeSegment(s, 0, n, out);
      return;
    }
    int segment = 0;
    int i = 0;
    while (i < n) {
      if (specialFirstChar[s.charAt(i)]) {
        SpecialToken match = matchSpecial(s, i);
        if (match != null) {
          encodeSegment(s, segment, i, out);
          out.add(match.id());
          i += match.content().length();
          segment = i;
          continue;
        }
      }
      i++;
    }
    encodeSegment(s, segment, n, out);
  }

  private SpecialToken matchSpecial(String s, int i) {
    for (SpecialToken t : specialsByLength) {
      if (s.startsWith(t.content(), i)) {
        return t;
      }
    }
    return null;
  }

  private void encodeSegment(String s, int from, int to, IntList out) {
    if (from < to) {
      ByteLevelPreTokenizer.split(s, from, to, (a, b) -> out.addAll(encodeWord(s, a, b)));
    }
  }

  private int[] encodeWord(String s, int from, int to) {
    String key = s.substring(from, to);
    int[] ids = cache.get(key);
    if (ids == null) {
      ids = bpe(s, from, to);
      if (cache.size() < CACHE_CAPACITY) {
        cache.put(key, ids);
      }
    }
    return ids;
  }

  private int[] bpe(String s, int from, int to) {
    byte[] bytes = new byte[3 * (to - from)];
    int n = Utf8.encodeEscaped(s, from, to, bytes);
    if (ignoreMerges) {
      Integer whole = vocab.get(ByteLevel.toChars(bytes, 0, n));
      if (whole != null) {
        return new int[] {whole};
      }
    }
    int[] sym = new int[n];
    int count = 0;
    boolean lastWasUnk = false;
    for (int i = 0; i < n; i++) {
      int id = byteToId[bytes[i] & 0xFF];
      if (id >= 0) {
        sym[count++] = id;
        lastWasUnk = false;
      } else if (unkId >= 0) {
        if (!(fuseUnk && lastWasUnk)) {
          sym[count++] = unkId;
        }
        lastWasUnk = true;
      }
    }
    return mergeAll(sym, count);
  }

  /** Hugging Face's {@code Word::merge_all} without dropout: lowest rank first, then leftmost. */
  private int[] mergeAll(int[] sym, int n) {
    if (n < 2) {
      return Arrays.copyOf(sym, n);
    }
    int[] prev = new int[n];
    int[] next = new int[n];
    boolean[] dead = new boolean[n];
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    long[] heap = new long[3 * n];
    int size = 0;
    for (int i = 0; i + 1 < n; i++) {
      int rank = mergeRanks.get(PairMap.key(sym[i], sym[i + 1]));
      if (rank >= 0) {
        size = heapPush(heap, size, ((long) rank << 32) | i);
      }
    }
    int alive = n;
    while (size > 0) {
      long top = heap[0];
      size = heapPop(heap, size);
      int rank = (int) (top >>> 32);
      int pos = (int) top;
      if (dead[pos] || next[pos] < 0) {
        continue;
      }
      int right = next[pos];
      int current = mergeRanks.get(PairMap.key(sym[pos], sym[right]));
      int newId = rankToNewId[rank];
      if (current < 0 || rankToNewId[current] != newId) {
        continue;
      }
      sym[pos] = newId;
      dead[right] = true;
      alive--;
      int after = next[right];
      next[pos] = after;
      if (after >= 0) {
        prev[after] = pos;
      }
      int before = prev[pos];
      if (before >= 0) {
        int r = mergeRanks.get(PairMap.key(sym[before], newId));
        if (r >= 0) {
          size = heapPush(heap, size, ((long) r << 32) | before);
        }
      }
      if (after >= 0) {
        int r = mergeRanks.get(PairMap.key(newId, sym[after]));
        if (r >= 0) {
          size = heapPush(heap, size, ((long) r << 32) | pos);
        }
      }
    }
    int[] out = new int[alive];
    int k = 0;
    for (int i = 0; i >= 0; i = next[i]) {
      out[k++] = sym[i];
    }
    return out;
  }

  private static int heapPush(long[] heap, int size, long v) {
    int i = size;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= v) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = v;
    return size + 1;
  }

  private static int heapPop(long[] heap, int size) {
    int n = size - 1;
    long v = heap[n];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= v) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    if (n > 0) {
      heap[i] = v;
    }
    return n;
  }

  // ---------------------------------------------------------------- decoding

  /** Decodes ids to text, keeping special tokens. */
  public String decode(int[] ids) {
    return decode(ids, false);
  }

  /**
   * Decodes ids to text; ill-formed UTF-8 (for example a character cut by the end of the ids)
   * becomes U+FFFD.
   *
   * @param skipSpecial drop tokens flagged special (MiniMind's {@code <unk>}, {@code <s>}, {@code
   *     </s>})
   * @throws IllegalArgumentException if an id is not in the vocabulary
   */
  public String decode(int[] ids, boolean skipSpecial) {
    return Utf8.decodeLossy(decodeBytes(ids, skipSpecial));
  }

  /** The bytes the ids stand for, keeping special tokens. */
  public byte[] decodeBytes(int[] ids) {
    return decodeBytes(ids, false);
  }

  /** The bytes the ids stand for; with {@code skipSpecial}, special tokens are dropped. */
  public byte[] decodeBytes(int[] ids, boolean skipSpecial) {
    Objects.requireNonNull(ids, "ids");
    int total = 0;
    for (int id : ids) {
      byte[] b = bytesOf(id);
      if (!(skipSpecial && skippable[id])) {
        total += b.length;
      }
    }
    byte[] out = new byte[total];
    int pos = 0;
    for (int id : ids) {
      if (!(skipSpecial && skippable[id])) {
        byte[] b = idToBytes[id];
        System.arraycopy(b, 0, out, pos, b.length);
        pos += b.length;
      }
    }
    return out;
  }

  /** The bytes of one token. */
  byte[] bytesOf(int id) {
    if (id < 0 || id >= idToBytes.length || idToBytes[id] == null) {
      throw new IllegalArgumentException(
          "id " + id + " is not in the vocabulary (size " + vocabSize() + ")");
    }
    return idToBytes[id];
  }

  /** Whether {@code id} is a special token that decoding may skip. */
  public boolean isSpecial(int id) {
    return id >= 0 && id < skippable.length && skippable[id];
  }

  /** A decoder for ids that arrive one at a time (text generation). */
  public StreamingDecoder streamingDecoder(boolean skipSpecial) {
    return new StreamingDecoder(this, skipSpecial);
  }

  // ---------------------------------------------------------------- vocabulary

  /** Number of ids: one more than the largest id of a token or special token. */
  public int vocabSize() {
    return idToToken.length;
  }

  /** The token string of {@code id} (byte-level characters, or a special token's content). */
  public String idToToken(int id) {
    if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
      throw new IllegalArgumentException(
          "id " + id + " is not in the vocabulary (size " + vocabSize() + ")");
    }
    return idToToken[id];
  }

  /**
   * A token on its own as text, for showing ids one by one: its decoded bytes, or its vocabulary
   * entry when they are not whole UTF-8 (a piece of a multi-byte character).
   */
  public String piece(int id) {
    String text = decode(new int[] {id}, false);
    return text.indexOf('\uFFFD') >= 0 ? idToToken(id) : text;
  }

  /** The id of a vocabulary token or special token, if any. */
  public OptionalInt tokenToId(String token) {
    for (SpecialToken t : specialTokens) {
      if (t.content().equals(token)) {
        return OptionalInt.of(t.id());
      }
    }
    Integer id = vocab.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The model vocabulary (token string to id), in the order it was given. */
  public Map<String, Integer> vocab() {
    return vocab;
  }

  /** The merges in rank order. */
  public List<MergeRule> merges() {
    return merges;
  }

  /** The special (added) tokens. */
  public List<SpecialToken> specialTokens() {
    return specialTokens;
  }

  String unkToken() {
    return unkToken;
  }

  boolean fuseUnk() {
    return fuseUnk;
  }

  boolean ignoreMerges() {
    return ignoreMerges;
  }

  @Override
  public String toString() {
    return "BpeTokenizer[vocabSize="
        + vocabSize()
        + ", merges="
        + merges.size()
        + ", specialTokens="
        + specialTokens.size()
        + "]";
  }
}
