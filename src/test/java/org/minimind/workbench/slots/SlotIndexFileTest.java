package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.model.MemoryLM;

/**
 * {@code slot-index.bin}: what is written reads back the same; a damaged file is refused clearly.
 */
class SlotIndexFileTest {
  static MemoryLM model;
  static SlotIndex index;

  @TempDir Path dir;

  @BeforeAll
  static void build() {
    model = MemoryLM.initialize(SlotIndexBuilderTest.CONFIG, Device.cpu(), 9);
    int[] tokens = SlotIndexBuilderTest.random(100, 50, 3);
    tokens[0] = 1;
    tokens[40] = 1;
    IndexCorpus corpus = new IndexCorpus("two documents", tokens, new int[] {0, 40}, 400);
    index =
        new SlotIndexBuilder(IndexSettings.DEFAULTS.withTopK(3).withChunkLength(16), null)
            .build(model, corpus, new IndexedCheckpoint("/runs/x/checkpoints/best", 48, "ab12"));
  }

  @AfterAll
  static void free() {
    model.close();
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws IOException {
    Path f = dir.resolve("slot-index.bin");
    index.write(f);
    SlotIndex back = SlotIndex.open(f);
    assertEquals(index.header(), back.header());
    assertEquals(16, back.header().chunkLength());
    assertEquals(48, back.header().checkpointStep());
    assertEquals("two documents", back.header().corpus());
    assertArrayEquals(index.tokens(), back.tokens());
    assertArrayEquals(new int[] {0, 40}, back.documentStarts());
    for (int l = 0; l < index.header().layers(); l++) {
      for (int id = 0; id < index.header().knowledgeNum(); id++) {
        IndexedSlot a = index.slot(l, id);
        IndexedSlot b = back.slot(l, id);
        assertEquals(a.count(), b.count());
        assertEquals(a.rank(), b.rank());
        assertEquals(a.scoreSum(), b.scoreSum());
        assertEquals(a.maxScore(), b.maxScore());
        assertEquals(a.contexts().size(), b.contexts().size());
        for (int i = 0; i < a.contexts().size(); i++) {
          assertEquals(a.contexts().get(i).position(), b.contexts().get(i).position());
          assertEquals(a.contexts().get(i).score(), b.contexts().get(i).score());
          assertArrayEquals(a.contexts().get(i).prefix(), b.contexts().get(i).prefix());
        }
      }
    }
    assertTrue(Files.list(dir).allMatch(p -> p.equals(f)), "no temporary file left");
  }

  @Test
  void aTruncatedFileIsNamedTruncated() throws IOException {
    Path f = dir.resolve("slot-index.bin");
    index.write(f);
    byte[] all = Files.readAllBytes(f);
    for (int cut : new int[] {3, 40, all.length / 2, all.length - 2}) {
      Files.write(f, Arrays.copyOf(all, cut));
      IOException e = assertThrows(IOException.class, () -> SlotIndex.open(f));
      assertTrue(e.getMessage().contains("truncated"), cut + ": " + e.getMessage());
    }
  }

  @Test
  void aDamagedFileIsRefusedWithItsReason() throws IOException {
    Path f = dir.resolve("slot-index.bin");
    index.write(f);
    byte[] all = Files.readAllBytes(f);

    byte[] other = all.clone();
    other[0] = 'X';
    Files.write(f, other);
    assertTrue(message(f).contains("not a slot index"), message(f));

    byte[] version = all.clone();
    version[8] = 7;
    Files.write(f, version);
    assertTrue(message(f).contains("version 7"), message(f));

    byte[] flipped = all.clone();
    flipped[all.length - 100] ^= 0x10;
    Files.write(f, flipped);
    assertTrue(message(f).contains("corrupt"), message(f));

    byte[] longer = Arrays.copyOf(all, all.length + 3);
    Files.write(f, longer);
    assertTrue(message(f).contains("after its end"), message(f));
  }

  private static String message(Path f) {
    return assertThrows(IOException.class, () -> SlotIndex.open(f)).getMessage();
  }
}
