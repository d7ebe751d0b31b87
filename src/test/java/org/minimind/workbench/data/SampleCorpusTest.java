package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed sample corpus in {@code sample-models/corpus}: well-formed MiniMind jsonl, the size
 * and contents its PROVENANCE.md records, both languages present, and usable by the pipeline.
 */
class SampleCorpusTest {

  private static final Path FOLDER = Path.of("sample-models", "corpus");
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| `([a-z]+\\.jsonl)` \\| ([\\d,]+) \\| ([\\d,]+) \\| [\\d,]+ \\| `([0-9a-f]{64})`"
              + " \\|$",
          Pattern.MULTILINE);

  /** File name -> {documents, bytes} and SHA-256, as PROVENANCE.md records them. */
  private static final Map<String, long[]> RECORDED = new HashMap<>();

  private static final Map<String, String> RECORDED_SHA = new HashMap<>();

  @BeforeAll
  static void readProvenance() throws IOException {
    assertTrue(Files.isDirectory(FOLDER), FOLDER.toAbsolutePath() + " is missing");
    Matcher m = ROW.matcher(Files.readString(FOLDER.resolve("PROVENANCE.md")));
    while (m.find()) {
      RECORDED.put(
          m.group(1),
          new long[] {
            Long.parseLong(m.group(2).replace(",", "")), Long.parseLong(m.group(3).replace(",", ""))
          });
      RECORDED_SHA.put(m.group(1), m.group(4));
    }
    assertEquals(
        Map.of("songci.jsonl", 0, "austen.jsonl", 0).keySet(),
        RECORDED.keySet(),
        "PROVENANCE.md must list both files");
    assertTrue(Files.isRegularFile(FOLDER.resolve("LICENSE.md")));
    assertTrue(Files.isRegularFile(FOLDER.resolve("build_corpus.py")));
  }

  @Test
  void filesMatchTheirRecordedSizeAndSha256() throws Exception {
    long total = 0;
    for (String name : RECORDED.keySet()) {
      byte[] bytes = Files.readAllBytes(FOLDER.resolve(name));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(RECORDED_SHA.get(name), sha, name);
      assertEquals(RECORDED.get(name)[1], bytes.length, name);
      assertTrue(bytes.length > 2_500_000 && bytes.length < 3_500_000, name + ": " + bytes.length);
      total += bytes.length;
    }
    assertTrue(total > 5_500_000 && total < 6_800_000, "total " + total);
  }

  @Test
  void everyLineIsOneJsonObjectWithOnlyANonBlankText() throws IOException {
    for (String name : RECORDED.keySet()) {
      long lines = 0;
      try (BufferedReader r =
          Files.newBufferedReader(FOLDER.resolve(name), StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          lines++;
          assertTrue(line.startsWith("{\"text\": \""), name + ":" + lines);
          assertTrue(!line.contains("\\u"), name + ":" + lines + ": escaped characters");
          JsonElement e = JsonParser.parseString(line);
          assertEquals(
              List.of("text"), List.copyOf(e.getAsJsonObject().keySet()), name + ":" + lines);
          String text = e.getAsJsonObject().get("text").getAsString();
          assertTrue(!text.isBlank() && text.equals(text.strip()), name + ":" + lines);
          assertEquals(JsonlCorpusReader.textOf(line), text);
        }
      } catch (MalformedLineException e) {
        throw new AssertionError(name + ": " + e.getMessage(), e);
      }
      assertEquals(RECORDED.get(name)[0], lines, name);
    }
  }

  @Test
  void songciIsChineseAndAustenIsEnglish() throws IOException {
    double[] han = share(FOLDER.resolve("songci.jsonl"), Character.UnicodeScript.HAN);
    double[] latin = share(FOLDER.resolve("austen.jsonl"), Character.UnicodeScript.LATIN);
    // fraction of letters in that script, over all documents; and of documents mostly in it
    assertTrue(han[0] > 0.75 && han[1] > 0.99, "songci Han share " + han[0] + "/" + han[1]);
    assertTrue(
        latin[0] > 0.75 && latin[1] > 0.99, "austen Latin share " + latin[0] + "/" + latin[1]);
    assertEquals(0.0, share(FOLDER.resolve("austen.jsonl"), Character.UnicodeScript.HAN)[0]);
    String first = Files.newBufferedReader(FOLDER.resolve("songci.jsonl")).readLine();
    assertTrue(first.contains("。"), "Chinese punctuation kept: " + first);
  }

  private static double[] share(Path file, Character.UnicodeScript script) throws IOException {
    long[] counts = new long[4]; // chars in script, all non-space chars, docs mostly in it, docs
    Corpus.open(file)
        .forEach(
            d -> {
              long in =
                  d.text()
                      .codePoints()
                      .filter(c -> Character.UnicodeScript.of(c) == script)
                      .count();
              long all = d.text().codePoints().filter(c -> !Character.isWhitespace(c)).count();
              counts[0] += in;
              counts[1] += all;
              counts[2] += in * 2 > all ? 1 : 0;
              counts[3]++;
            });
    return new double[] {(double) counts[0] / counts[1], (double) counts[2] / counts[3]};
  }

  @Test
  void pipelineReadsSplitsAndBatchesTheSampleCorpus() throws IOException {
    Corpus corpus = Corpus.open(FOLDER);
    assertEquals(
        List.of("austen.jsonl", "songci.jsonl"),
        corpus.files().stream().map(p -> p.getFileName().toString()).toList());
    // a byte-level toy encoder: UTF-8 bytes shifted past the two special ids
    SequencePacker packer =
        new SequencePacker(
            s -> {
              byte[] b = s.getBytes(StandardCharsets.UTF_8);
              int[] ids = new int[b.length];
              for (int i = 0; i < b.length; i++) {
                ids[i] = (b[i] & 0xFF) + 2;
              }
              return ids;
            },
            0,
            1);
    PackedCorpus packed = PackedCorpus.build(corpus, SplitConfig.DEFAULT, packer, 256);
    long docs = RECORDED.get("songci.jsonl")[0] + RECORDED.get("austen.jsonl")[0];
    assertEquals(docs, packed.fingerprint().documents());
    assertEquals(packed.fingerprint(), corpus.fingerprint());
    double share = (double) packed.split().validationDocuments() / docs;
    assertTrue(share > 0.005 && share < 0.015, "validation share " + share);
    long tokens = packed.train().tokens().size() + packed.validation().tokens().size();
    // JSON escapes and framing aside, every UTF-8 byte of text is a token, plus <s> and </s>
    assertTrue(tokens > 5_500_000 && tokens < 6_500_000, "tokens " + tokens);
    Batch b = new BatchSampler(packed.train(), 4, 1).next();
    assertEquals(4 * 256, b.inputs().length);
  }
}
