package org.minimind.workbench.slots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What every memory slot of a checkpoint was selected for over a corpus: per layer and slot the
 * selection count, summed and maximum gate score, and the K contexts where it scored highest; with
 * the indexed token ids, so that a context can be shown and run again exactly. Built by {@link
 * SlotIndexBuilder}, stored by {@link #write} in the format {@link SlotIndexFile} describes, loaded
 * by {@link #open}. Immutable; ranks are computed when it is made, so {@link #slot} only copies a
 * few short arrays.
 */
public final class SlotIndex {
  /** Tokens shown before the selecting one in a context's window. */
  public static final int WINDOW_BEFORE = 16;

  /** Tokens shown after it. */
  public static final int WINDOW_AFTER = 8;

  private final IndexHeader header;
  private final int[] tokens;
  private final int[] documentStarts;
  private final List<LayerTable> layers;

  SlotIndex(IndexHeader header, int[] tokens, int[] documentStarts, List<LayerTable> layers) {
    this.header = Objects.requireNonNull(header, "header");
    this.tokens = tokens;
    this.documentStarts = documentStarts;
    this.layers = List.copyOf(layers);
    if (tokens.length != header.tokens()) {
      throw new IllegalArgumentException(
          "header says " + header.tokens() + " tokens, " + tokens.length + " given");
    }
    if (layers.size() != header.layers()) {
      throw new IllegalArgumentException(
          "header says " + header.layers() + " layers, " + layers.size() + " given");
    }
    for (LayerTable t : layers) {
      if (t.counts.length != header.knowledgeNum()) {
        throw new IllegalArgumentException(
            "a layer of " + t.counts.length + " slots in an index of " + header.knowledgeNum());
      }
      for (int p : t.positions) {
        if (p < 0 || p >= tokens.length) {
          throw new IllegalArgumentException(
              "a context at position " + p + " outside the " + tokens.length + " tokens");
        }
      }
    }
  }

  /** Reads an index written by {@link #write}; see {@link SlotIndexFile} for its errors. */
  public static SlotIndex open(Path file) throws IOException {
    return SlotIndexFile.read(file);
  }

  /** Writes the index to {@code file} atomically (a temporary file renamed into place). */
  public void write(Path file) throws IOException {
    SlotIndexFile.write(this, file);
  }

  public IndexHeader header() {
    return header;
  }

  /** The indexed token ids (a copy). */
  public int[] tokens() {
    return tokens.clone();
  }

  /** The id at {@code position} of the indexed stream. */
  public int token(int position) {
    return tokens[position];
  }

  /** Where each document starts in the token stream, when known (else empty); a copy. */
  public int[] documentStarts() {
    return documentStarts.clone();
  }

  /** Selections of {@code layer} in all: tokens x k. */
  public long selections(int layer) {
    return table(layer).total;
  }

  /** Every slot's selection count in {@code layer} (a copy). */
  public int[] counts(int layer) {
    return table(layer).counts.clone();
  }

  /** The {@code n} slots {@code layer} selected most, most first. */
  public int[] mostSelected(int layer, int n) {
    return table(layer).top(n);
  }

  /** Slot {@code id} of {@code layer}: its statistics and best contexts. */
  public IndexedSlot slot(int layer, int id) {
    LayerTable t = table(layer);
    if (id < 0 || id >= header.knowledgeNum()) {
      throw new IllegalArgumentException(
          "slot " + id + " outside 0.." + (header.knowledgeNum() - 1));
    }
    List<SlotContext> contexts = new ArrayList<>();
    for (int e = t.offsets[id]; e < t.offsets[id + 1]; e++) {
      contexts.add(context(t.positions[e], t.scores[e]));
    }
    int side = header.gridSide();
    double share = t.total == 0 ? 0 : (double) t.counts[id] / t.total;
    return new IndexedSlot(
        layer,
        id,
        id / side,
        id % side,
        t.counts[id],
        share,
        t.ranks[id],
        t.sums[id],
        t.max[id],
        List.copyOf(contexts));
  }

  /** The context at {@code position}: its chunk's prefix and a display window. */
  public SlotContext context(int position, float score) {
    if (position < 0 || position >= tokens.length) {
      throw new IllegalArgumentException(
          "position " + position + " outside 0.." + (tokens.length - 1));
    }
    int start = chunkStart(position);
    int[] prefix = Arrays.copyOfRange(tokens, start, position + 1);
    int from = Math.max(0, position - WINDOW_BEFORE);
    int to = Math.min(tokens.length, position + WINDOW_AFTER + 1);
    return new SlotContext(
        position, score, prefix, Arrays.copyOfRange(tokens, from, to), position - from);
  }

  /** The first position of the chunk the model read {@code position} in. */
  public int chunkStart(int position) {
    return position - position % header.chunkLength();
  }

  LayerTable table(int layer) {
    if (layer < 0 || layer >= layers.size()) {
      throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layers.size() - 1));
    }
    return layers.get(layer);
  }

  int[] rawTokens() {
    return tokens;
  }

  int[] rawDocumentStarts() {
    return documentStarts;
  }

  List<LayerTable> tables() {
    return layers;
  }
}
