package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.run.RunDirectory;

/**
 * {@link SlotReport}: a slot's history is what the run recorded for it, its contexts read as the
 * tokenizer decodes them, and records that do not fit the index are left out with a note.
 */
class SlotReportTest {
  static final Path TINY_RUN = Path.of("src", "test", "resources", "ui", "tiny-run");

  static MemoryLM model;
  static SlotIndex index; // 3 layers x 64 slots

  @TempDir Path dir;

  @BeforeAll
  static void build() {
    model = MemoryLM.initialize(SlotIndexBuilderTest.CONFIG, Device.cpu(), 2);
    index =
        new SlotIndexBuilder(IndexSettings.DEFAULTS, null)
            .build(
                model,
                IndexCorpus.of("random", SlotIndexBuilderTest.TOKENS),
                IndexedCheckpoint.unnamed("tiny"));
  }

  @AfterAll
  static void free() {
    model.close();
  }

  /** Counts that say where they are: step + 100 layer + id. */
  static List<int[]> counts(long step, int layers, int slots) {
    List<int[]> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      int[] c = new int[slots];
      for (int s = 0; s < slots; s++) {
        c[s] = (s % 3 == 0) ? 0 : (int) step + 100 * l + s;
      }
      out.add(c);
    }
    return out;
  }

  @Test
  void historyIsWhatTheRunRecordedForTheSlot() throws IOException {
    for (long step : new long[] {10, 20, 30}) {
      SlotCountsFile.append(RunDirectory.slotCountsFile(dir), step, counts(step, 3, 64));
    }
    float[] drift = new float[64];
    for (int s = 0; s < 64; s++) {
      drift[s] = s / 4f;
    }
    SlotDriftFile.write(RunDirectory.slotDriftFile(dir), 30, drift);

    SlotPage page = new SlotReport(index, dir, null).page(2, 7);
    assertEquals(
        List.of(
            new SlotReport.CountPoint(10, 217),
            new SlotReport.CountPoint(20, 227),
            new SlotReport.CountPoint(30, 237)),
        page.counts());
    assertEquals(new SlotReport.DriftPoint(30, 1.75f), page.drift().orElseThrow());
    assertEquals(
        List.of(
            new SlotReport.CountPoint(10, 0),
            new SlotReport.CountPoint(20, 0),
            new SlotReport.CountPoint(30, 0)),
        new SlotReport(index, dir, null).countHistory(0, 9));
    assertTrue(page.tokenIds().isEmpty(), "a continuous memory has no ids");
    assertEquals(List.of(), page.notes());
  }

  @Test
  void recordsOfAnotherShapeAreLeftOutWithANote() throws IOException {
    SlotCountsFile.append(RunDirectory.slotCountsFile(dir), 5, counts(5, 3, 16));
    SlotDriftFile.write(RunDirectory.slotDriftFile(dir), 5, new float[16]);
    SlotPage page = new SlotReport(index, dir, null).page(0, 1);
    assertTrue(page.counts().isEmpty());
    assertTrue(page.drift().isEmpty());
    assertEquals(2, page.notes().size(), page.notes().toString());
  }

  @Test
  void withoutARunThePageHasTheIndexAlone() {
    SlotPage page = new SlotReport(index, null, null).page(1, index.mostSelected(1, 1)[0]);
    assertTrue(page.counts().isEmpty() && page.drift().isEmpty());
    assertFalse(page.contexts().isEmpty());
    ContextText t = page.contexts().get(0);
    SlotContext c = page.slot().contexts().get(0);
    assertEquals("#" + c.token(), t.token());
    assertTrue(t.marked().contains("[#" + c.token() + "]"), t.marked());
  }

  @Test
  void contextsReadAsTheRunsTokenizerDecodesThem() throws IOException {
    Path best = RunDirectory.bestCheckpoint(TINY_RUN).orElseThrow();
    BpeTokenizer tok = BpeTokenizer.load(RunDirectory.tokenizerFile(TINY_RUN));
    int[] text =
        tok.encode(
            "It is a truth universally acknowledged, that a single man in"
                + " possession of a good fortune, must be in want of a wife.");
    try (MemoryLM m = Checkpoint.load(best, Device.cpu())) {
      SlotIndex idx =
          new SlotIndexBuilder(IndexSettings.DEFAULTS.withChunkLength(16), null)
              .build(m, IndexCorpus.of("austen", text), IndexedCheckpoint.of(best));
      SlotReport report = new SlotReport(idx, RunDirectory.runOf(best).orElseThrow(), tok);
      int slot = idx.mostSelected(0, 1)[0];
      SlotPage page = report.page(0, slot);
      assertEquals(page.slot().contexts().size(), page.contexts().size());
      for (int i = 0; i < page.contexts().size(); i++) {
        SlotContext c = page.slot().contexts().get(i);
        ContextText t = page.contexts().get(i);
        assertEquals(tok.decode(c.window()), t.before() + t.token() + t.after());
        assertEquals(tok.decode(new int[] {c.token()}), t.token());
      }
      assertEquals(
          SlotCountsFile.read(RunDirectory.slotCountsFile(TINY_RUN)).size(), page.counts().size());
    }
  }

  @Test
  void aTokenQueryCountsTheSlotsSelectedAtItsOccurrences() {
    int[] tokens = SlotIndexBuilderTest.TOKENS;
    int[] ids = {tokens[30]};
    int found = 0;
    int[][] expected = new int[3][64];
    int bound = 2;
    for (int p = 0; p < tokens.length; p++) {
      if (tokens[p] == ids[0]) {
        found++;
        if (found <= bound) {
          int start = index.chunkStart(p);
          int[] prefix = java.util.Arrays.copyOfRange(tokens, start, p + 1);
          try (var m = model.parameters().manager().newSubManager()) {
            long[] in = java.util.Arrays.stream(prefix).asLongStream().toArray();
            var out =
                model.infer(
                    model.bind(m, false),
                    m.create(in, new ai.djl.ndarray.types.Shape(1, in.length)),
                    0,
                    null,
                    1);
            for (int l = 0; l < 3; l++) {
              long[] chosen = out.memoryIndices().get(l).toLongArray();
              for (int j = chosen.length - 3; j < chosen.length; j++) {
                expected[l][(int) chosen[j]]++;
              }
            }
          }
        }
      }
    }
    assertTrue(found > bound, "the test needs more occurrences than the bound: " + found);
    TokenQuery.Result r = TokenQuery.run(model, index, ids, bound, 64, 2);
    assertEquals(found, r.found());
    assertEquals(bound, r.used());
    for (int l = 0; l < 3; l++) {
      int[] got = new int[64];
      int previous = Integer.MAX_VALUE;
      for (TokenQuery.SlotHits h : r.layers().get(l)) {
        got[h.slot()] = h.count();
        assertTrue(h.count() <= previous, "most first");
        previous = h.count();
      }
      assertArrayEquals(expected[l], got, "layer " + l);
    }
  }

  @Test
  void aQueryWithoutATokenizerTakesIds() {
    int id = SlotIndexBuilderTest.TOKENS[5];
    TokenQuery.Result r = new SlotReport(index, null, null).slotsFor(model, "#" + id, 2, 64);
    assertArrayEquals(new int[] {id}, r.ids());
    for (List<TokenQuery.SlotHits> layer : r.layers()) {
      assertEquals(r.used() * 3, layer.stream().mapToInt(TokenQuery.SlotHits::count).sum());
    }
  }

  @Test
  void aContextWindowDropsTheHalvesOfCharactersItsEdgesCut() {
    assertEquals("春风", SlotReport.withoutCutStart("\uFFFD\uFFFD春风"));
    assertEquals("春风", SlotReport.withoutCutEnd("春风\uFFFD"));
    assertEquals("春\uFFFD风", SlotReport.withoutCutStart("春\uFFFD风"), "only the edges");
    assertEquals("", SlotReport.withoutCutEnd("\uFFFD"));
  }
}
