package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.Preset;

class ParameterSummaryTest {

  @Test
  void groupsAddUpToTheLayoutAndTheBankShareIsReported() {
    ParameterSummary p = ParameterSummary.of(Preset.TINY.config());
    assertEquals(MemoryLM.layout(Preset.TINY.config()).count(), p.total());
    long sum = p.byGroup().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(p.total(), sum);
    assertEquals(1024L * 16, p.byGroup().get(ParameterGroup.MEMORY_BANK));
    assertEquals((double) 1024 * 16 / p.total(), p.memoryBankShare(), 1e-12);
  }

  @Test
  void aTokenMemoryIsDescribedByItsSlotsNotAsAShareOfParameters() {
    ParameterSummary p =
        ParameterSummary.of(
            Preset.TINY
                .config()
                .withMemoryVariant(org.minimind.workbench.model.MemoryVariant.TOKEN));
    assertEquals(0, p.memoryBank());
    assertEquals(
        ParameterSummary.compact(p.total())
            + " parameters (token memory 1,024 x "
            + Preset.TINY.config().tokenMemory().knowledgeLength()
            + " ids)",
        p.describe());
    assertEquals(
        "118.1K parameters (memory bank 13.9%)",
        ParameterSummary.of(Preset.TINY.config()).describe());
  }

  @Test
  void compactCounts() {
    assertEquals("999", ParameterSummary.compact(999));
    assertEquals("118.1K", ParameterSummary.compact(118_080));
    assertEquals("4.23M", ParameterSummary.compact(4_230_000));
  }
}
