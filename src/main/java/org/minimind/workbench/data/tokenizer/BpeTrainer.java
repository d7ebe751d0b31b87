package org.minimind.workbench.data.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a byte-level BPE vocabulary the way MiniMind does with Hugging Face {@code tokenizers}:
 * {@code BpeTrainer(vocab_size=6400, special_tokens=["<unk>", "<s>", "</s>"],
 * initial_alphabet=ByteLevel.alphabet())} behind the {@code ByteLevel} pre-tokenizer.
 *
 * <p>The vocabulary is built in Hugging Face's order: the special tokens (ids 0, 1, 2, ...), then
 * the 256 byte symbols of {@link ByteLevel} sorted by code point, then one token per merge. Texts
 * are split with {@link ByteLevelPreTokenizer} and identical pieces ("words") are counted once with
 * their frequency. Each step merges the adjacent pair with the highest count, ties going to the
 * pair with the smaller (left id, right id), as Hugging Face's trainer orders its queue; training
 * stops when the vocabulary is full, no pair is left, or the best count is below the minimum
 * frequency. A merge whose result already is a token adds no new id (as in Hugging Face).
 *
 * <p>Counting is incremental: every occurrence of a pair is indexed by its position in a linked
 * list of symbols, so a merge touches only the occurrences of that pair and their neighbours,
 * whatever the length of the words (long runs of Chinese letters are single words). The queue is
 * lazy: stale counts are refreshed when they reach the top.
 *
 * <p>Instances are immutable and can train several times; training itself is single-threaded.
 */
public final class BpeTrainer {

  /** MiniMind's vocabulary size. */
  public static final int DEFAULT_VOCAB_SIZE = 6400;

  private static final Logger LOG = LoggerFactory.getLogger(BpeTrainer.class);
  private static final int TEXT_REPORT_INTERVAL = 10_000;

  private final int vocabSize;
  private final long minFrequency;
  private final List<String> specialTokens;
  private final TrainingListener listener;

  private BpeTrainer(Builder b) {
    this.vocabSize = b.vocabSize;
    this.minFrequency = b.minFrequency;
    this.specialTokens = List.copyOf(b.specialTokens);
    this.listener = b.listener;
    long distinct = specialTokens.stream().distinct().count();
    if (vocabSize < distinct + 256) {
      throw new IllegalArgumentException(
          "vocab size " + vocabSize + " cannot hold " + distinct + " special tokens and 256 bytes");
    }
    if (vocabSize > BpeTokenizer.MAX_VOCAB_SIZE) {
      throw new IllegalArgumentException(
          "vocab size "
              + vocabSize
              + " is above the largest supported, "
              + BpeTokenizer.MAX_VOCAB_SIZE);
    }
  }

  /** A builder with MiniMind's settings: 6400 tokens, {@code <unk> <s> </s>}, no minimum. */
  public static Builder builder() {
    return new Builder();
  }

  /** A trainer with MiniMind's settings. */
  public static BpeTrainer minimind() {
    return builder().build();
  }

  /** Target vocabulary size, special tokens included. */
  public int vocabSize() {
    return vocabSize;
  }

  /** Pairs seen fewer times than this are never merged. */
  public long minFrequency() {
    return minFrequency;
  }

  /** Special tokens, given ids 0, 1, ... in this order. */
  public List<String> specialTokens() {
    return specialTokens;
  }

  /**
   * Trains on {@code texts}; each element is one document (pieces never span two elements).
   * Unpaired surrogates are read as U+FFFD.
   */
  public BpeTokenizer train(Iterable<? extends CharSequence> texts) {
    Objects.requireNonNull(texts, "texts");
    long start = System.nanoTime();
    Map<String, long[]> words = countWords(texts);
    LOG.debug(
        "counted {} distinct words in {} ms",
        words.size(),
        (System.nanoTime() - start) / 1_000_000);
    return trainOnWords(words, start);
  }

  private Map<String, long[]> countWords(Iterable<? extends CharSequence> texts) {
    HashMap<String, long[]> counts = new HashMap<>(1 << 16);
    listener.onProgress(new TrainingProgress(TrainingProgress.Stage.COUNT_WORDS, 0, -1));
    long n = 0;
    for (CharSequence text : texts) {
      Objects.requireNonNull(text, "null text in training data");
      String s = Utf8.sanitize(text.toString());
      ByteLevelPreTokenizer.split(
          s,
          0,
          s.length(),
          (a, b) -> counts.computeIfAbsent(s.substring(a, b), k -> new long[1])[0]++);
      if (++n % TEXT_REPORT_INTERVAL == 0) {
        listener.onProgress(new TrainingProgress(TrainingProgress.Stage.COUNT_WORDS, n, -1));
      }
    }
    listener.onProgress(new TrainingProgress(TrainingProgress.Stage.COUNT_WORDS, n, n));
    return counts;
  }

  private BpeTokenizer trainOnWords(Map<String, long[]> words, long start) {
    List<String> idToToken = new ArrayList<>(vocabSize);
    Map<String, Integer> tokenToId = new HashMap<>(vocabSize * 2);
    for (String s : specialTokens) {
      if (!tokenToId.containsKey(s)) {
        tokenToId.put(s, idToToken.size());
        idToToken.add(s);
      }
    }
    List<SpecialToken> specials = new ArrayList<>();
    for (String s : specialTokens) {
      if (specials.stream().noneMatch(t -> t.content().equals(s))) {
        specials.add(new SpecialToken(tokenToId.get(s), s, true));
      }
    }
    for (String c : ByteLevel.alphabet()) {
      if (!tokenToId.containsKey(c)) {
        tokenToId.put(c, idToToken.size());
        idToToken.add(c);
      }
    }
    int[] byteId = new int[256];
    for (int b = 0; b < 256; b++) {
      byteId[b] = tokenToId.get(String.valueOf(ByteLevel.byteToChar(b)));
    }

    Corpus corpus = Corpus.build(words, byteId);
    int initialVocab = idToToken.size();
    long maxMerges = Math.max(0, vocabSize - initialVocab);
    listener.onProgress(
        new TrainingProgress(TrainingProgress.Stage.COUNT_PAIRS, 0, corpus.wordCount.length));
    corpus.countPairs();
    long counted = System.nanoTime();
    listener.onProgress(
        new TrainingProgress(
            TrainingProgress.Stage.COUNT_PAIRS, corpus.wordCount.length, corpus.wordCount.length));
    LOG.debug(
        "{} words, {} symbols, {} initial pairs; pairs counted after {} ms",
        corpus.wordCount.length,
        corpus.sym.length,
        corpus.pairs,
        (counted - start) / 1_000_000);

    List<MergeRule> merges = new ArrayList<>();
    PairMap recorded = new PairMap(vocabSize);
    long reportEvery = Math.max(1, maxMerges / 100);
    listener.onProgress(new TrainingProgress(TrainingProgress.Stage.MERGE, 0, maxMerges));
    while (idToToken.size() < vocabSize) {
      int pair = corpus.nextBest(minFrequency);
      if (pair < 0) {
        break;
      }
      long key = corpus.pairKey[pair];
      int a = PairMap.left(key);
      int b = PairMap.right(key);
      String merged = idToToken.get(a) + idToToken.get(b);
      Integer existing = tokenToId.get(merged);
      int newId;
      if (existing == null) {
        newId = idToToken.size();
        idToToken.add(merged);
        tokenToId.put(merged, newId);
      } else {
        newId = existing;
      }
      if (recorded.get(key) < 0) {
        recorded.put(key, merges.size());
        merges.add(new MergeRule(idToToken.get(a), idToToken.get(b)));
      }
      corpus.merge(pair, a, b, newId);
      long done = idToToken.size() - initialVocab;
      if (done % reportEvery == 0) {
        listener.onProgress(new TrainingProgress(TrainingProgress.Stage.MERGE, done, maxMerges));
      }
    }
    listener.onProgress(
        new TrainingProgress(
            TrainingProgress.Stage.MERGE, idToToken.size() - initialVocab, maxMerges));

    Map<String, Integer> vocab = new LinkedHashMap<>(idToToken.size() * 2);
    for (int id = 0; id < idToToken.size(); id++) {
      vocab.put(idToToken.get(id), id);
    }
    BpeTokenizer tokenizer = BpeTokenizer.of(vocab, merges, specials);
    listener.onProgress(
        new TrainingProgress(TrainingProgress.Stage.DONE, idToToken.size(), vocabSize));
    LOG.info(
        "trained BPE: {} tokens, {} merges from {} distinct words in {} ms",
        idToToken.size(),
        merges.size(),
        corpus.wordCount.length,
        (System.nanoTime() - start) / 1_000_000);
    return tokenizer;
  }

  /**
   * All distinct words as one array of symbols with linked-list neighbours, plus pair counts, the
   * positions of each pair's occurrences and a lazy max-queue of pairs.
   */
  private static final class Corpus {
    final int[] sym;
    final int[] prev;
    final int[] next;
    final int[] wordOf;
    final long[] wordCount;

    final PairMap pairIndex = new PairMap(1 << 16);
    long[] pairKey = new long[1 << 16];
    long[] pairCount = new long[1 << 16];
    int[][] occ = new int[1 << 16][];
    int[] occSize = new int[1 << 16];
    int[] touchedAt = new int[1 << 16];
    int pairs;
    int step;
    final IntList touched = new IntList(1024);

    // max-heap of (pair, count snapshot)
    int[] heapPair = new int[1 << 16];
    long[] heapCount = new long[1 << 16];
    int heapSize;

    private Corpus(int symbols, int words) {
      sym = new int[symbols];
      prev = new int[symbols];
      next = new int[symbols];
      wordOf = new int[symbols];
      wordCount = new long[words];
    }

    static Corpus build(Map<String, long[]> words, int[] byteId) {
      long total = 0;
      int maxLength = 0;
      for (String w : words.keySet()) {
        total += w.length();
        maxLength = Math.max(maxLength, w.length());
      }
      byte[] scratch = new byte[3 * maxLength];
      long symbols = 0;
      for (String w : words.keySet()) {
        symbols += Utf8.encodeEscaped(w, 0, w.length(), scratch);
      }
      if (symbols > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "distinct words hold "
                + symbols
                + " bytes; at most 2^31 are supported ("
                + total
                + " chars)");
      }
      Corpus c = new Corpus((int) symbols, words.size());
      int pos = 0;
      int w = 0;
      for (Map.Entry<String, long[]> e : words.entrySet()) {
        String word = e.getKey();
        int n = Utf8.encodeEscaped(word, 0, word.length(), scratch);
        c.wordCount[w] = e.getValue()[0];
        for (int i = 0; i < n; i++) {
          c.sym[pos + i] = byteId[scratch[i] & 0xFF];
          c.prev[pos + i] = i == 0 ? -1 : pos + i - 1;
          c.next[pos + i] = i == n - 1 ? -1 : pos + i + 1;
          c.wordOf[pos + i] = w;
        }
        pos += n;
        w++;
      }
      return c;
    }

    void countPairs() {
      for (int p = 0; p < sym.length; p++) {
        int q = next[p];
        if (q >= 0) {
          int pair = pairOf(sym[p], sym[q]);
          pairCount[pair] += wordCount[wordOf[p]];
          addOccurrence(pair, p);
        }
      }
      for (int pair = 0; pair < pairs; pair++) {
        if (pairCount[pair] > 0) {
          heapPush(pair, pairCount[pair]);
        }
      }
    }

    private int pairOf(int a, int b) {
      long key = PairMap.key(a, b);
      int pair = pairIndex.putIfAbsent(key, pairs);
      if (pair == pairs) {
        if (pairs == pairKey.length) {
          int cap = pairs * 2;
          pairKey = Arrays.copyOf(pairKey, cap);
          pairCount = Arrays.copyOf(pairCount, cap);
          occ = Arrays.copyOf(occ, cap);
          occSize = Arrays.copyOf(occSize, cap);
          touchedAt = Arrays.copyOf(touchedAt, cap);
        }
        pairKey[pair] = key;
        pairs++;
      }
      return pair;
    }

    private void addOccurrence(int pair, int position) {
      int[] list = occ[pair];
      int n = occSize[pair];
      if (list == null) {
        list = new int[4];
        occ[pair] = list;
      } else if (n == list.length) {
        list = Arrays.copyOf(list, n + (n >> 1) + 4);
        occ[pair] = list;
      }
      list[n] = position;
      occSize[pair] = n + 1;
    }

    /** The pair to merge next, or -1 when none reaches {@code minFrequency} (or 1). */
    int nextBest(long minFrequency) {
      while (heapSize > 0) {
        int pair = heapPair[0];
        long snapshot = heapCount[0];
        heapPop();
        long current = pairCount[pair];
        if (snapshot != current) {
          if (current > 0) {
            heapPush(pair, current);
          }
          continue;
        }
        if (current < 1 || current < minFrequency) {
          return -1;
        }
        return pair;
      }
      return -1;
    }

    /** Replaces every occurrence of pair (a, b) by {@code newId}, left to right within a word. */
    void merge(int pair, int a, int b, int newId) {
      int[] list = occ[pair];
      int n = occSize[pair];
      occ[pair] = null;
      occSize[pair] = 0;
      if (list == null) {
        return;
      }
      if (a == b) {
        Arrays.sort(list, 0, n); // overlapping runs "a a a" must merge from the left
      }
      step++;
      touched.clear();
      for (int k = 0; k < n; k++) {
        int p = list[k];
        if (sym[p] != a) {
          continue;
        }
        int q = next[p];
        if (q < 0 || sym[q] != b) {
          continue;
        }
        long c = wordCount[wordOf[p]];
        int l = prev[p];
        int r = next[q];
        if (l >= 0) {
          int left = sym[l];
          pairCount[pairIndex.get(PairMap.key(left, a))] -= c;
          int formed = pairOf(left, newId);
          pairCount[formed] += c;
          addOccurrence(formed, l);
          touch(formed);
        }
        if (r >= 0) {
          int right = sym[r];
          pairCount[pairIndex.get(PairMap.key(b, right))] -= c;
          int formed = pairOf(newId, right);
          pairCount[formed] += c;
          addOccurrence(formed, p);
          touch(formed);
        }
        pairCount[pair] -= c;
        sym[p] = newId;
        sym[q] = -1;
        next[p] = r;
        if (r >= 0) {
          prev[r] = p;
        }
      }
      for (int i = 0; i < touched.size(); i++) {
        int formed = touched.get(i);
        if (pairCount[formed] > 0) {
          heapPush(formed, pairCount[formed]);
        }
      }
    }

    private void touch(int pair) {
      if (touchedAt[pair] != step) {
        touchedAt[pair] = step;
        touched.add(pair);
      }
    }

    /** True if heap entry i should come out before entry j: higher count, then smaller pair. */
    private boolean before(int pi, long ci, int pj, long cj) {
      if (ci != cj) {
        return ci > cj;
      }
      return pairKey[pi] < pairKey[pj];
    }

    private void heapPush(int pair, long count) {
      if (heapSize == heapPair.length) {
        heapPair = Arrays.copyOf(heapPair, heapSize * 2);
        heapCount = Arrays.copyOf(heapCount, heapSize * 2);
      }
      int i = heapSize++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!before(pair, count, heapPair[parent], heapCount[parent])) {
          break;
        }
        heapPair[i] = heapPair[parent];
        heapCount[i] = heapCount[parent];
        i = parent;
      }
      heapPair[i] = pair;
      heapCount[i] = count;
    }

    private void heapPop() {
      int n = --heapSize;
      int pair = heapPair[n];
      long count = heapCount[n];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= n) {
          break;
        }
        if (child + 1 < n
            && before(
                heapPair[child + 1], heapCount[child + 1], heapPair[child], heapCount[child])) {
          child++;
        }
        if (!before(heapPair[child], heapCount[child], pair, count)) {
          break;
        }
        heapPair[i] = heapPair[child];
        heapCount[i] = heapCount[child];
        i = child;
      }
      if (n > 0) {
        heapPair[i] = pair;
        heapCount[i] = count;
      }
    }
  }

  /** Settings for a {@link BpeTrainer}. */
  public static final class Builder {
    private int vocabSize = DEFAULT_VOCAB_SIZE;
    private long minFrequency = 0;
    private List<String> specialTokens = BpeTokenizer.MINIMIND_SPECIAL_TOKENS;
    private TrainingListener listener = TrainingListener.NONE;

    private Builder() {}

    /** Target vocabulary size, special tokens and the 256 bytes included (default 6400). */
    public Builder vocabSize(int vocabSize) {
      this.vocabSize = vocabSize;
      return this;
    }

    /** Pairs seen fewer times are not merged (default 0, as in Hugging Face). */
    public Builder minFrequency(long minFrequency) {
      if (minFrequency < 0) {
        throw new IllegalArgumentException("min frequency must be >= 0, got " + minFrequency);
      }
      this.minFrequency = minFrequency;
      return this;
    }

    /** Special tokens, given ids from 0 in order (default {@code <unk> <s> </s>}). */
    public Builder specialTokens(List<String> specialTokens) {
      for (String s : specialTokens) {
        if (s == null || s.isEmpty()) {
          throw new IllegalArgumentException(
              "special tokens must be non-empty strings: " + specialTokens);
        }
      }
      this.specialTokens = List.copyOf(specialTokens);
      return this;
    }

    /** Receives progress reports (default none). */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @throws IllegalArgumentException if the vocabulary cannot hold the special tokens and bytes
     */
    public BpeTrainer build() {
      return new BpeTrainer(this);
    }
  }
}
