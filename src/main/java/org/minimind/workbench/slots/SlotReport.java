package org.minimind.workbench.slots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.io.TensorData;
import org.minimind.workbench.run.RunDirectory;

/**
 * The pages about single slots: a {@link SlotIndex}'s statistics and contexts decoded with the
 * run's tokenizer, and what training recorded about the slot in the run directory: its selection
 * count per snapshot ({@link SlotCountsFile}), its latest memory change ({@link SlotDriftFile}),
 * and for a token-memory model its ids at each checkpoint. The run's records are read once, on
 * first use; a missing or unreadable record leaves that part empty with a note.
 *
 * <p>Headless and toolkit-free: the window's slot page and any report are built on it. Safe to use
 * from one worker thread at a time.
 */
public final class SlotReport {
  /** A slot's selection count in one training snapshot. */
  public record CountPoint(long step, int count) {}

  /** A slot's L2 change over the logging interval ending at {@code step}. */
  public record DriftPoint(long step, float l2Change) {}

  /**
   * A token-memory slot's ids in one checkpoint.
   *
   * @param step the checkpoint's training step, -1 when not known
   * @param checkpoint its directory
   * @param ids the slot's ids
   * @param text the ids decoded
   * @param changed whether they differ from the previous checkpoint's (false for the first)
   */
  public record TokenIdsAt(long step, Path checkpoint, int[] ids, String text, boolean changed) {}

  private final SlotIndex index;
  private final Path runDir;
  private final BpeTokenizer tokenizer;
  private final List<String> loadNotes = new ArrayList<>();
  private List<SlotCountsFile.Snapshot> snapshots;
  private Optional<SlotDriftFile.Latest> drift;
  private Map<Path, int[]> memoryTokens; // checkpoint -> (N * L) ids, oldest first

  /**
   * @param index the slot index
   * @param runDir the run holding the records (see {@link RunDirectory#runOf}), or null
   * @param tokenizer the run's tokenizer, or null to show ids as {@code #id}
   */
  public SlotReport(SlotIndex index, Path runDir, BpeTokenizer tokenizer) {
    this.index = Objects.requireNonNull(index, "index");
    this.runDir = runDir;
    this.tokenizer = tokenizer;
  }

  public SlotIndex index() {
    return index;
  }

  /** The page of slot {@code id} in {@code layer}. */
  public SlotPage page(int layer, int id) {
    IndexedSlot slot = index.slot(layer, id);
    List<ContextText> texts = new ArrayList<>();
    for (SlotContext c : slot.contexts()) {
      texts.add(text(c));
    }
    List<CountPoint> counts = countHistory(layer, id);
    Optional<DriftPoint> d = drift(id);
    List<TokenIdsAt> ids = tokenIds(id);
    return new SlotPage(slot, List.copyOf(texts), counts, d, ids, List.copyOf(loadNotes));
  }

  /** A context's display window as text, the selecting token apart. */
  public ContextText text(SlotContext c) {
    int[] w = c.window();
    int i = c.windowIndex();
    return new ContextText(
        c.position(),
        c.score(),
        withoutCutStart(decode(Arrays.copyOfRange(w, 0, i))),
        piece(w[i]),
        withoutCutEnd(decode(Arrays.copyOfRange(w, i + 1, w.length))));
  }

  /**
   * {@code text} without the U+FFFD that a window's first ids decode to when they are the tail of a
   * multi-byte character whose head lies before the window.
   */
  static String withoutCutStart(String text) {
    int from = 0;
    while (from < text.length() && text.charAt(from) == '\uFFFD') {
      from++;
    }
    return text.substring(from);
  }

  /** {@code text} without the U+FFFD of a character the window's end cut in two. */
  static String withoutCutEnd(String text) {
    int to = text.length();
    while (to > 0 && text.charAt(to - 1) == '\uFFFD') {
      to--;
    }
    return text.substring(0, to);
  }

  /** Ids as text with the run's tokenizer (special tokens kept), or as {@code #id}s. */
  public String decode(int[] ids) {
    if (tokenizer == null) {
      StringBuilder s = new StringBuilder();
      for (int id : ids) {
        s.append(s.length() == 0 ? "" : " ").append('#').append(id);
      }
      return s.toString();
    }
    return tokenizer.decode(ids, false);
  }

  /** One id as text ({@link BpeTokenizer#piece}), or {@code #id}. */
  public String piece(int id) {
    return tokenizer == null ? "#" + id : tokenizer.piece(id);
  }

  /**
   * The slots each layer selects most for {@code text}: its ids with the run's tokenizer (without
   * one, ids written as numbers, e.g. {@code "17 42"}), looked up as {@link TokenQuery#run} does.
   */
  public TokenQuery.Result slotsFor(MemoryLM model, String text, int maxOccurrences, int topSlots) {
    int[] ids;
    if (tokenizer != null) {
      ids = tokenizer.encode(text);
    } else {
      try {
        ids =
            Arrays.stream(text.trim().split("[\\s,#]+"))
                .filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "without a tokenizer, type token ids separated by spaces (got '" + text + "')", e);
      }
    }
    if (ids.length == 0) {
      throw new IllegalArgumentException("'" + text + "' has no tokens");
    }
    return TokenQuery.run(model, index, ids, maxOccurrences, topSlots, IndexSettings.DEFAULT_BATCH);
  }

  /** The slot's selection count in every training snapshot the run recorded, oldest first. */
  public synchronized List<CountPoint> countHistory(int layer, int id) {
    index.slot(layer, id); // checks the arguments
    if (snapshots == null) {
      snapshots = readSnapshots();
    }
    List<CountPoint> out = new ArrayList<>(snapshots.size());
    for (SlotCountsFile.Snapshot s : snapshots) {
      out.add(new CountPoint(s.step(), s.counts()[layer][id]));
    }
    return List.copyOf(out);
  }

  /** The slot's latest L2 change, when the run recorded one. */
  public synchronized Optional<DriftPoint> drift(int id) {
    if (drift == null) {
      drift = readDrift();
    }
    return drift.map(d -> new DriftPoint(d.step(), d.perSlotL2Change()[id]));
  }

  /**
   * A token-memory slot's ids at each checkpoint of the run (and the indexed one), oldest first;
   * empty for a continuous memory.
   */
  public synchronized List<TokenIdsAt> tokenIds(int id) {
    if (memoryTokens == null) {
      memoryTokens = readMemoryTokens();
    }
    List<TokenIdsAt> out = new ArrayList<>();
    int[] previous = null;
    for (Map.Entry<Path, int[]> e : memoryTokens.entrySet()) {
      int len = e.getValue().length / index.header().knowledgeNum();
      int[] ids = Arrays.copyOfRange(e.getValue(), id * len, (id + 1) * len);
      out.add(
          new TokenIdsAt(
              RunDirectory.stepOf(e.getKey()),
              e.getKey(),
              ids,
              decode(ids),
              previous != null && !Arrays.equals(previous, ids)));
      previous = ids;
    }
    return List.copyOf(out);
  }

  private List<SlotCountsFile.Snapshot> readSnapshots() {
    if (runDir == null) {
      return List.of();
    }
    Path f = RunDirectory.slotCountsFile(runDir);
    if (!Files.isRegularFile(f)) {
      loadNotes.add("no selection counts recorded in " + runDir);
      return List.of();
    }
    try {
      List<SlotCountsFile.Snapshot> all = SlotCountsFile.read(f);
      IndexHeader h = index.header();
      for (SlotCountsFile.Snapshot s : all) {
        if (s.counts().length != h.layers() || s.counts()[0].length != h.knowledgeNum()) {
          loadNotes.add(
              f
                  + ": counts of "
                  + s.counts().length
                  + " layers x "
                  + s.counts()[0].length
                  + " slots, not this index's "
                  + h.layers()
                  + " x "
                  + h.knowledgeNum());
          return List.of();
        }
      }
      return all;
    } catch (IOException | RuntimeException e) {
      loadNotes.add(f + ": unreadable (" + e.getMessage() + ")");
      return List.of();
    }
  }

  private Optional<SlotDriftFile.Latest> readDrift() {
    if (runDir == null) {
      return Optional.empty();
    }
    Path f = RunDirectory.slotDriftFile(runDir);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      SlotDriftFile.Latest d = SlotDriftFile.read(f);
      if (d.perSlotL2Change().length != index.header().knowledgeNum()) {
        loadNotes.add(
            f
                + ": drift of "
                + d.perSlotL2Change().length
                + " slots, not "
                + index.header().knowledgeNum());
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (IOException | RuntimeException e) {
      loadNotes.add(f + ": unreadable (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /** The token memory of every checkpoint found, by step; empty for a continuous model. */
  private Map<Path, int[]> readMemoryTokens() {
    List<Path> candidates = new ArrayList<>();
    Path indexed = Path.of(index.header().checkpoint());
    try {
      if (runDir != null) {
        candidates.addAll(RunDirectory.checkpoints(runDir));
        RunDirectory.bestCheckpoint(runDir).ifPresent(candidates::add);
      }
    } catch (IOException e) {
      loadNotes.add(runDir + ": checkpoints not listed (" + e.getMessage() + ")");
    }
    if (Files.exists(indexed)) {
      candidates.add(indexed);
    }
    Map<Path, int[]> out = new LinkedHashMap<>();
    candidates.sort(Comparator.comparingLong(RunDirectory::stepOf));
    Map<Long, Path> byStep = new LinkedHashMap<>();
    for (Path p : candidates) {
      byStep.putIfAbsent(RunDirectory.stepOf(p), p); // best repeats a step checkpoint
    }
    for (Path p : byStep.values()) {
      try {
        ModelConfig config = Checkpoint.readConfig(p);
        if (config.memoryVariant() != MemoryVariant.TOKEN) {
          return Map.of();
        }
        TensorData t =
            Checkpoint.readTensors(Checkpoint.locate(p).weights()).get(MemoryLM.MEMORY_TOKENS);
        if (t == null
            || t.numel() != (long) config.knowledgeNum() * config.tokenMemory().knowledgeLength()
            || config.knowledgeNum() != index.header().knowledgeNum()) {
          loadNotes.add(p + ": no token memory of this index's shape");
          continue;
        }
        out.put(p, Arrays.stream(t.toLongs()).mapToInt(v -> (int) v).toArray());
      } catch (IOException | RuntimeException e) {
        loadNotes.add(p + ": token memory unreadable (" + e.getMessage() + ")");
      }
    }
    return out;
  }
}
