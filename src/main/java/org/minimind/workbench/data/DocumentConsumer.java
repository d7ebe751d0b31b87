package org.minimind.workbench.data;

import java.io.IOException;

/** Receives documents one at a time from a {@link DocumentSource}; may fail with I/O errors. */
@FunctionalInterface
public interface DocumentConsumer {

  void accept(Document document) throws IOException;
}
