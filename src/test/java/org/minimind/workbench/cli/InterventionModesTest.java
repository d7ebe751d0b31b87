package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;

/** {@code --generate} with an intervention, and {@code --eval}, from the command line. */
class InterventionModesTest {
  @TempDir static Path tmp;
  static Path checkpoint;
  static Path corpus;

  /** seed-tiny's weights with a 512-id tokenizer, and the test corpus as a text file. */
  @BeforeAll
  static void makeCheckpoint() throws IOException {
    checkpoint = Fixtures.seedTinyWithTokenizer(tmp.resolve("tiny"));
    corpus = Files.writeString(tmp.resolve("corpus.txt"), Fixtures.testCorpus());
  }

  private CliRun generate(String... intervention) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--generate",
                "--device",
                "cpu",
                "--checkpoint",
                checkpoint.toString(),
                "--prompt",
                "the river",
                "--max-new-tokens",
                "10",
                "--temperature",
                "0"));
    args.addAll(List.of(intervention));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void generateWithAnAblationPrintsBothTextsAndEachTokensChange() {
    CliRun r = generate("--ablate-layer", "0");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("baseline:"), r.out());
    assertTrue(lines.get(1).startsWith("intervened:"), r.out());
    assertEquals("intervention: --ablate-layer 0", lines.get(2));
    assertTrue(lines.get(3).startsWith("first difference: "), r.out());
    long rows = lines.stream().filter(l -> l.matches("\\s+\\d+\\s+\".*")).count();
    assertEquals(10, rows, r.out());
    assertTrue(
        r.err().contains("baseline [10 tokens") && r.err().contains("intervened [10 tokens"),
        r.err());
    // the baseline is the plain generation's text
    CliRun plain = generate();
    assertEquals(0, plain.code(), plain.err());
    assertEquals("baseline:   " + plain.out().strip(), lines.get(0).strip());
  }

  @Test
  void badInterventionsAreUsageErrorsNamingTheValue() {
    CliRun slot = generate("--ablate", "0:5000");
    assertEquals(2, slot.code());
    assertTrue(
        slot.err().contains("slot 0:5000 does not exist: knowledge_num is 1024"), slot.err());
    CliRun layer = generate("--force", "2:1");
    assertEquals(2, layer.code());
    assertTrue(
        layer.err().contains("layer 2 does not exist: the model has n_layers 2"), layer.err());
    CliRun text = generate("--ablate", "0-3");
    assertEquals(2, text.code());
    assertTrue(text.err().contains("--ablate: '0-3' must be LAYER:SLOT"), text.err());
    CliRun mode = generate("--ablate", "0:1", "--ablate-mode", "half");
    assertEquals(2, mode.code());
    assertTrue(mode.err().contains("remove or zero, not 'half'"), mode.err());
  }

  private CliRun eval(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--eval",
                "--device",
                "cpu",
                "--checkpoint",
                checkpoint.toString(),
                "--corpus",
                corpus.toString(),
                "--batch",
                "1",
                "--batches",
                "2"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void evalPrintsOneJsonLineWithTheChangeOverallAndPerLayer() {
    CliRun r = eval("--ablate-layer", "0,1", "--ablate", "1:7");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(1, lines.size(), r.out());
    JsonObject j = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("--ablate 1:7 --ablate-layer 0,1", j.get("intervention").getAsString());
    assertEquals(2, j.get("batches").getAsInt());
    double base = j.get("ce_baseline").getAsDouble();
    double with = j.get("ce_intervened").getAsDouble();
    assertTrue(base > 0 && with > 0);
    assertEquals(with - base, j.get("delta").getAsDouble(), 1e-9);
    assertTrue(j.get("delta").getAsDouble() != 0);
    assertEquals(
        j.get("delta_std").getAsDouble() / Math.sqrt(2),
        j.get("delta_stderr").getAsDouble(),
        1e-12);
    JsonArray layers = j.getAsJsonArray("per_layer");
    assertEquals(2, layers.size());
    assertEquals(
        "--ablate-layer 0", layers.get(0).getAsJsonObject().get("intervention").getAsString());
    assertEquals(
        "--ablate 1:7 --ablate-layer 1",
        layers.get(1).getAsJsonObject().get("intervention").getAsString());
    assertEquals(1, layers.get(1).getAsJsonObject().get("layer").getAsInt());

    // without an intervention nothing changes, exactly
    CliRun none = eval();
    assertEquals(0, none.code(), none.err());
    JsonObject n = JsonParser.parseString(none.out().strip()).getAsJsonObject();
    assertEquals(base, n.get("ce_baseline").getAsDouble());
    assertEquals(0.0, n.get("delta").getAsDouble());
    assertEquals(0, n.getAsJsonArray("per_layer").size());
  }

  @Test
  void evalDefaultsToTheSampleModelAndChecksItsOptions() {
    CliRun sample = CliRun.of("--eval", "--device", "cpu", "--batches", "1", "--batch", "1");
    assertEquals(0, sample.code(), sample.err());
    JsonObject s = JsonParser.parseString(sample.out().strip()).getAsJsonObject();
    assertTrue(s.get("ce_baseline").getAsDouble() > 0, sample.out());
    assertTrue(sample.out().contains("minimind-memory-small"), sample.out());
    CliRun batches = eval("--batches", "0");
    assertEquals(2, batches.code());
    assertTrue(batches.err().contains("--batches must be positive, got 0"), batches.err());
    CliRun slot = eval("--force", "0:1024");
    assertEquals(2, slot.code());
    assertTrue(slot.err().contains("slot 0:1024 does not exist"), slot.err());
  }

  @Test
  void theInterventionOptionsBelongToGenerateAndEval() {
    StringWriter out = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--eval", "--help"));
    String page = out.toString();
    assertTrue(page.contains("Evaluation options:") && page.contains("--batches"), page);
    assertTrue(page.contains("Intervention options") && page.contains("--ablate-mode"), page);
    assertFalse(page.contains("--max-new-tokens"), page);
    StringWriter gen = new StringWriter();
    var cl2 = Main.commandLine();
    cl2.setOut(new PrintWriter(gen));
    assertEquals(0, cl2.execute("--generate", "--help"));
    assertTrue(gen.toString().contains("--force"), gen.toString());
    assertFalse(gen.toString().contains("--batches"), gen.toString());
  }
}
