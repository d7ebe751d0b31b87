package org.minimind.workbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

  @TempDir Path dir;

  @Test
  void jsonlReadsChineseKeepsTextExactlyAndIgnoresOtherKeys() throws IOException {
    Path f =
        TestFiles.write(
            dir.resolve("a.jsonl"),
            "{\"text\": \"明月几时有？把酒问青天。\"}\n"
                + "{\"id\": 7, \"meta\": {\"lang\": \"en\", \"tags\": [1, 2]}, \"text\": \"Line"
                + " one\\n"
                + "Line \\\"two\\\" \\u00e9\"}\n"
                + "{\"text\": \"\\u4e0d\\u77e5\\u5929\\u4e0a\\u5bab\\u9619\"}\n");
    List<Document> docs = TestFiles.readAll(CorpusReader.open(f, MalformedLinePolicy.FAIL));
    assertEquals(
        List.of("明月几时有？把酒问青天。", "Line one\nLine \"two\" é", "不知天上宫阙"), TestFiles.texts(docs));
    assertEquals(List.of(0L, 1L, 2L), docs.stream().map(Document::index).toList());
    assertEquals(List.of(1L, 2L, 3L), docs.stream().map(Document::line).toList());
    assertEquals(f, docs.get(1).file());
  }

  @Test
  void jsonlSkipsBlankLinesAndBlankTextsWithoutCountingThemAsMalformed() throws IOException {
    Path f =
        TestFiles.write(
            dir.resolve("b.jsonl"),
            "\n"
                + "{\"text\": \"one\"}\n"
                + "   \n"
                + "{\"text\": \"\"}\n"
                + "{\"text\": \"  \\n"
                + " \"}\n"
                + "{\"text\": \"two\"}");
    try (JsonlCorpusReader r = new JsonlCorpusReader(f, MalformedLinePolicy.FAIL)) {
      Document a = r.next();
      Document b = r.next();
      assertEquals("one", a.text());
      assertEquals(2, a.line());
      assertEquals("two", b.text());
      assertEquals(6, b.line());
      assertEquals(1, b.index());
      assertEquals(null, r.next());
      assertEquals(0, r.skippedLines());
    }
  }

  @Test
  void malformedJsonLineIsAnErrorNamingFileAndLine() throws IOException {
    Path f =
        TestFiles.write(
            dir.resolve("bad.jsonl"),
            "{\"text\": \"fine\"}\n"
                + "{\"text\": \"fine too\"}\n"
                + "{\"text\": \"unterminated}\n"
                + "{\"text\": \"x\"}\n");
    IOException e =
        assertThrows(
            IOException.class,
            () -> TestFiles.readAll(CorpusReader.open(f, MalformedLinePolicy.FAIL)));
    assertTrue(e.getMessage().contains("bad.jsonl:3"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    assertTrue(e.getMessage().contains("column"), e.getMessage());
    assertTrue(!e.getMessage().contains("LENIENT"), e.getMessage());
  }

  @Test
  void everyKindOfMalformedLineIsSkippedAndCountedUnderSkip() throws IOException {
    String[] bad = {
      "not json at all",
      "[\"text\", \"an array\"]",
      "\"just a string\"",
      "{\"body\": \"no text key\"}",
      "{\"text\": 42}",
      "{\"text\": null}",
      "{\"text\": [\"a\"]}",
      "{\"text\": \"ok\"} trailing",
      "{'text': 'single quotes'}",
      "{text: \"unquoted key\"}",
      "{\"text\": \"unterminated",
    };
    StringBuilder sb = new StringBuilder("{\"text\": \"first\"}\n");
    for (String b : bad) {
      sb.append(b).append('\n');
    }
    sb.append("{\"text\": \"last\"}\n");
    Path f = TestFiles.write(dir.resolve("mixed.jsonl"), sb.toString());

    CorpusReader r = CorpusReader.open(f, MalformedLinePolicy.SKIP);
    List<Document> docs = TestFiles.readAll(r);
    assertEquals(List.of("first", "last"), TestFiles.texts(docs));
    assertEquals(bad.length, r.skippedLines());
    assertEquals(bad.length + 2, docs.get(1).line());

    for (int i = 0; i < bad.length; i++) {
      Path one = TestFiles.write(dir.resolve("one" + i + ".jsonl"), "{\"text\": \"a\"}\n" + bad[i]);
      IOException e =
          assertThrows(
              IOException.class,
              () -> TestFiles.readAll(CorpusReader.open(one, MalformedLinePolicy.FAIL)),
              bad[i]);
      assertTrue(e.getMessage().contains("one" + i + ".jsonl:2"), e.getMessage());
    }
  }

  @Test
  void gzipJsonlReadsLikeThePlainFile() throws IOException {
    String content =
        "{\"text\": \"大江东去，浪淘尽，千古风流人物。\"}\n"
            + "{\"text\": \"It is a truth universally acknowledged\"}\n";
    Path plain = TestFiles.write(dir.resolve("c.jsonl"), content);
    Path gz = TestFiles.writeGzip(dir.resolve("c.jsonl.gz"), content);
    List<Document> a = TestFiles.readAll(CorpusReader.open(plain, MalformedLinePolicy.FAIL));
    List<Document> b = TestFiles.readAll(CorpusReader.open(gz, MalformedLinePolicy.FAIL));
    assertEquals(TestFiles.texts(a), TestFiles.texts(b));
    assertEquals(2, b.size());
  }

  @Test
  void notGzipDataInGzFileIsAnErrorNamingTheFile() throws IOException {
    Path f = TestFiles.write(dir.resolve("fake.jsonl.gz"), "{\"text\": \"x\"}\n");
    IOException e =
        assertThrows(
            IOException.class,
            () -> TestFiles.readAll(CorpusReader.open(f, MalformedLinePolicy.FAIL)));
    assertTrue(e.getMessage().contains("fake.jsonl.gz"), e.getMessage());
  }

  @Test
  void textDocumentsAreSeparatedByBlankLines() throws IOException {
    Path f =
        TestFiles.write(
            dir.resolve("t.txt"),
            "\uFEFF第一篇\r\n第二行\r\n\r\n\r\n  \t \nSecond document,\nstill second.\n\nThird");
    List<Document> docs = TestFiles.readAll(CorpusReader.open(f, MalformedLinePolicy.FAIL));
    assertEquals(
        List.of("第一篇\n第二行", "Second document,\nstill second.", "Third"), TestFiles.texts(docs));
    assertEquals(List.of(1L, 6L, 9L), docs.stream().map(Document::line).toList());
    assertEquals(List.of(0L, 1L, 2L), docs.stream().map(Document::index).toList());
  }

  @Test
  void emptyAndBlankTextFilesHoldNoDocuments() throws IOException {
    Path empty = TestFiles.write(dir.resolve("e.txt"), "");
    Path blank = TestFiles.write(dir.resolve("b.txt"), "\n  \n\t\n");
    assertEquals(0, TestFiles.readAll(new TextCorpusReader(empty)).size());
    assertEquals(0, TestFiles.readAll(new TextCorpusReader(blank)).size());
  }

  @Test
  void gzipTextIsRead() throws IOException {
    Path gz = TestFiles.writeGzip(dir.resolve("t.txt.gz"), "a\nb\n\nc\n");
    assertEquals(
        List.of("a\nb", "c"),
        TestFiles.texts(TestFiles.readAll(CorpusReader.open(gz, MalformedLinePolicy.FAIL))));
  }

  @Test
  void invalidUtf8IsAnErrorNamingFileAndLine() throws IOException {
    Path f = dir.resolve("latin1.txt");
    Files.write(f, new byte[] {'o', 'k', '\n', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    IOException e =
        assertThrows(
            IOException.class,
            () -> TestFiles.readAll(CorpusReader.open(f, MalformedLinePolicy.FAIL)));
    assertTrue(e.getMessage().contains("latin1.txt:"), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void unknownExtensionAndMissingFileAreErrorsNamingTheFile() throws IOException {
    Path csv = TestFiles.write(dir.resolve("data.csv"), "a,b\n");
    IOException e1 =
        assertThrows(IOException.class, () -> CorpusReader.open(csv, MalformedLinePolicy.FAIL));
    assertTrue(e1.getMessage().contains("data.csv"), e1.getMessage());
    Path missing = dir.resolve("missing.jsonl");
    IOException e2 =
        assertThrows(IOException.class, () -> CorpusReader.open(missing, MalformedLinePolicy.FAIL));
    assertTrue(e2.getMessage().contains("missing.jsonl"), e2.getMessage());
  }

  @Test
  void formatIsRecognisedByName() {
    assertEquals(CorpusFormat.JSONL, CorpusFormat.of(Path.of("x/a.JSONL.gz")).orElseThrow());
    assertEquals(CorpusFormat.TEXT, CorpusFormat.of(Path.of("b.txt")).orElseThrow());
    assertTrue(CorpusFormat.of(Path.of("c.json")).isEmpty());
    assertTrue(CorpusFormat.isGzip(Path.of("a.jsonl.gz")));
  }
}
