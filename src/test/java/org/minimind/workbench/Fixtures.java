package org.minimind.workbench;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The seed's recorded outputs, copied into the test resources (see fixtures/README.md). */
public final class Fixtures {
  /** Every fixture: the shared one and two with other shapes (GQA ratio, head count, top-k). */
  public static final List<String> ALL = List.of("seed-tiny", "seed-wide", "seed-mha");

  private Fixtures() {}

  public static Path dir(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
