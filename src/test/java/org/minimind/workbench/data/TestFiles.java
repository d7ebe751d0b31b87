package org.minimind.workbench.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Helpers that write small corpus files for the data tests. */
final class TestFiles {

  private TestFiles() {}

  static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  static Path writeGzip(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /** All documents of a reader, closing it. */
  static List<Document> readAll(CorpusReader reader) throws IOException {
    List<Document> out = new ArrayList<>();
    try (reader) {
      Document d;
      while ((d = reader.next()) != null) {
        out.add(d);
      }
    }
    return out;
  }

  static List<String> texts(List<Document> docs) {
    List<String> out = new ArrayList<>();
    for (Document d : docs) {
      out.add(d.text());
    }
    return out;
  }

  /** All documents of a source, in order. */
  static List<Document> collect(DocumentSource source) throws IOException {
    List<Document> out = new ArrayList<>();
    source.forEach(out::add);
    return out;
  }
}
