package org.minimind.workbench.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Something that can stream its documents, in the same order, as many times as asked: a {@link
 * Corpus} on disk, or a list in memory for tests and small tools.
 *
 * <p>Streaming (rather than returning a list) keeps multi-gigabyte corpora out of the heap.
 */
public interface DocumentSource {

  /** Passes every document, in order, with indices 0, 1, 2, ... to {@code consumer}. */
  void forEach(DocumentConsumer consumer) throws IOException;

  /** An in-memory source; blank texts are dropped like a corpus reader drops them. */
  static DocumentSource of(List<String> texts) {
    List<Document> docs = new ArrayList<>();
    for (String t : texts) {
      if (t != null && !t.isBlank()) {
        docs.add(new Document(docs.size(), null, 0, t));
      }
    }
    List<Document> fixed = List.copyOf(docs);
    return consumer -> {
      for (Document d : fixed) {
        consumer.accept(d);
      }
    };
  }
}
