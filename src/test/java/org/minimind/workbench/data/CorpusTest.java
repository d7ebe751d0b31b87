package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

  @TempDir Path dir;

  private void writeCorpus(Path root, boolean reversed) throws IOException {
    String[][] files = {
      {"b/2.jsonl", "{\"text\": \"乙\"}\n{\"text\": \"丙\"}\n"},
      {"a.txt", "alpha\n\nbeta\n"},
      {"b/1.jsonl", "{\"text\": \"甲\"}\n"},
      {"notes.md", "not corpus"},
      {".hidden/x.jsonl", "{\"text\": \"hidden\"}\n"},
    };
    for (int i = 0; i < files.length; i++) {
      String[] f = files[reversed ? files.length - 1 - i : i];
      TestFiles.write(root.resolve(f[0]), f[1]);
    }
  }

  @Test
  void folderIsReadInStableOrderWithGlobalIndices() throws Exception {
    writeCorpus(dir.resolve("c"), false);
    Corpus corpus = Corpus.open(dir.resolve("c"));
    assertEquals(
        List.of("a.txt", "1.jsonl", "2.jsonl"),
        corpus.files().stream().map(p -> p.getFileName().toString()).toList());
    List<Document> docs = TestFiles.collect(corpus);
    assertEquals(List.of("alpha", "beta", "甲", "乙", "丙"), TestFiles.texts(docs));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), docs.stream().map(Document::index).toList());
    assertEquals(2, docs.get(4).line());
  }

  @Test
  void fingerprintIsShaOfLengthPrefixedFileBytesAndCountsDocuments() throws Exception {
    writeCorpus(dir.resolve("c"), false);
    Corpus corpus = Corpus.open(dir.resolve("c"));
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    long bytes = 0;
    for (Path f : corpus.files()) {
      byte[] content = Files.readAllBytes(f);
      md.update(ByteBuffer.allocate(8).putLong(content.length).array());
      md.update(content);
      bytes += content.length;
    }
    CorpusFingerprint fp = corpus.fingerprint();
    assertEquals(HexFormat.of().formatHex(md.digest()), fp.sha256());
    assertEquals(5, fp.documents());
    assertEquals(3, fp.files());
    assertEquals(bytes, fp.bytes());
    assertEquals(0, fp.skippedLines());
    assertEquals(fp.sha256().substring(0, 12) + "/5", fp.shortId());
  }

  @Test
  void fingerprintIsStableAcrossScansCopiesAndCreationOrder() throws Exception {
    writeCorpus(dir.resolve("one"), false);
    writeCorpus(dir.resolve("other-name"), true);
    CorpusFingerprint a = Corpus.open(dir.resolve("one")).fingerprint();
    assertEquals(a, Corpus.open(dir.resolve("one")).fingerprint());
    assertEquals(a, Corpus.open(dir.resolve("other-name")).fingerprint());
    assertEquals(a, Corpus.open(dir.resolve("one")).scan(d -> {}));
  }

  @Test
  void fingerprintChangesWithOneByteOrWithFileBoundaries() throws Exception {
    writeCorpus(dir.resolve("c"), false);
    CorpusFingerprint before = Corpus.open(dir.resolve("c")).fingerprint();
    TestFiles.write(dir.resolve("c/a.txt"), "alpha\n\nbetA\n");
    CorpusFingerprint after = Corpus.open(dir.resolve("c")).fingerprint();
    assertNotEquals(before.sha256(), after.sha256());
    assertEquals(before.documents(), after.documents());

    // the same bytes cut into files differently: same concatenation, other fingerprint
    TestFiles.write(dir.resolve("x/1.jsonl"), "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
    TestFiles.write(dir.resolve("y/1.jsonl"), "{\"text\": \"a\"}\n");
    TestFiles.write(dir.resolve("y/2.jsonl"), "{\"text\": \"b\"}\n");
    CorpusFingerprint x = Corpus.open(dir.resolve("x")).fingerprint();
    CorpusFingerprint y = Corpus.open(dir.resolve("y")).fingerprint();
    assertEquals(x.documents(), y.documents());
    assertNotEquals(x.sha256(), y.sha256());
  }

  @Test
  void gzipFilesAreHashedAsStoredAndReadDecompressed() throws Exception {
    Path gz =
        TestFiles.writeGzip(dir.resolve("g/a.jsonl.gz"), "{\"text\": \"春\"}\n{\"text\": \"秋\"}\n");
    Corpus corpus = Corpus.open(dir.resolve("g"));
    CorpusFingerprint fp = corpus.fingerprint();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] raw = Files.readAllBytes(gz);
    md.update(ByteBuffer.allocate(8).putLong(raw.length).array());
    md.update(raw);
    assertEquals(HexFormat.of().formatHex(md.digest()), fp.sha256());
    assertEquals(2, fp.documents());
    assertEquals(List.of("春", "秋"), TestFiles.texts(TestFiles.collect(corpus)));
  }

  @Test
  void gzipWithTrailingBytesStillHashesEveryByte() throws Exception {
    Path gz = TestFiles.writeGzip(dir.resolve("t/a.jsonl.gz"), "{\"text\": \"x\"}\n");
    ByteArrayOutputStream padded = new ByteArrayOutputStream();
    padded.write(Files.readAllBytes(gz));
    padded.write(new byte[100]);
    Files.write(gz, padded.toByteArray());
    CorpusFingerprint fp = Corpus.open(gz).fingerprint();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(ByteBuffer.allocate(8).putLong(padded.size()).array());
    md.update(padded.toByteArray());
    assertEquals(HexFormat.of().formatHex(md.digest()), fp.sha256());
  }

  @Test
  void skipPolicyCountsMalformedLinesInTheFingerprint() throws Exception {
    Path f =
        TestFiles.write(dir.resolve("s.jsonl"), "{\"text\": \"a\"}\nbroken\n{\"text\": \"b\"}\n");
    CorpusFingerprint fp = Corpus.open(f, MalformedLinePolicy.SKIP).fingerprint();
    assertEquals(2, fp.documents());
    assertEquals(1, fp.skippedLines());
    IOException e = assertThrows(IOException.class, () -> Corpus.open(f).fingerprint());
    assertTrue(e.getMessage().contains("s.jsonl:2"), e.getMessage());
  }

  @Test
  void openingNothingUsefulIsAnErrorNamingThePath() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    TestFiles.write(empty.resolve("README.md"), "no corpus here");
    IOException e1 = assertThrows(IOException.class, () -> Corpus.open(empty));
    assertTrue(e1.getMessage().contains("empty"), e1.getMessage());
    IOException e2 = assertThrows(IOException.class, () -> Corpus.open(dir.resolve("nope")));
    assertTrue(e2.getMessage().contains("nope"), e2.getMessage());
    IOException e3 = assertThrows(IOException.class, () -> Corpus.open(empty.resolve("README.md")));
    assertTrue(e3.getMessage().contains("README.md"), e3.getMessage());
  }

  @Test
  void fingerprintValidatesItsFields() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new CorpusFingerprint("XYZ", 1, 0, 0, 0));
    assertTrue(e.getMessage().contains("XYZ"), e.getMessage());
    String hex = "0".repeat(64);
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> new CorpusFingerprint(hex, 1, 0, -3, 0));
    assertTrue(e2.getMessage().contains("-3"), e2.getMessage());
  }
}
