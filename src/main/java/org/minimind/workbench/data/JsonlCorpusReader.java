package org.minimind.workbench.data;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads MiniMind's pretraining format, JSON Lines ({@code .jsonl} or {@code .jsonl.gz}): each line
 * one JSON object whose string {@code "text"} is a document.
 *
 * <p>Other keys are ignored. Blank lines are ignored, and so is an object whose text is empty or
 * only whitespace (nothing to train on). A line that is not strict JSON, not an object, has no
 * {@code "text"} or a non-string one is malformed: by default ({@link MalformedLinePolicy#FAIL}) an
 * {@link IOException} naming the file and the line; under {@link MalformedLinePolicy#SKIP} the line
 * is skipped, counted, and logged (the first {@value #WARNINGS_LOGGED} in full).
 */
public final class JsonlCorpusReader extends LineCorpusReader {

  private static final Logger LOG = LoggerFactory.getLogger(JsonlCorpusReader.class);
  private static final int WARNINGS_LOGGED = 10;

  private final MalformedLinePolicy policy;
  private long produced;
  private long skipped;

  public JsonlCorpusReader(Path file, MalformedLinePolicy policy) throws IOException {
    this(file, policy, null);
  }

  JsonlCorpusReader(Path file, MalformedLinePolicy policy, MessageDigest digest)
      throws IOException {
    super(file, digest);
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Document next() throws IOException {
    String line;
    while ((line = readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      String text;
      try {
        text = textOf(line);
      } catch (MalformedLineException e) {
        if (policy == MalformedLinePolicy.FAIL) {
          throw new IOException(
              file() + ":" + lineNumber() + ": malformed JSON line: " + e.getMessage());
        }
        skipped++;
        if (skipped <= WARNINGS_LOGGED) {
          LOG.warn("{}:{}: skipping malformed JSON line: {}", file(), lineNumber(), e.getMessage());
        }
        continue;
      }
      if (!text.isBlank()) {
        return new Document(produced++, file(), lineNumber(), text);
      }
    }
    return null;
  }

  @Override
  public long skippedLines() {
    return skipped;
  }

  @Override
  public void close() throws IOException {
    if (skipped > WARNINGS_LOGGED) {
      LOG.warn("{}: skipped {} malformed lines in all", file(), skipped);
    }
    super.close();
  }

  /** The {@code "text"} of one line, which must be a strict JSON object. */
  static String textOf(String line) throws MalformedLineException {
    try (JsonReader r = new JsonReader(new StringReader(line))) {
      r.setStrictness(Strictness.STRICT);
      JsonToken first = r.peek();
      if (first != JsonToken.BEGIN_OBJECT) {
        throw new MalformedLineException("expected a JSON object, found " + first);
      }
      r.beginObject();
      String text = null;
      while (r.hasNext()) {
        String name = r.nextName();
        if (name.equals("text")) {
          JsonToken t = r.peek();
          if (t != JsonToken.STRING) {
            throw new MalformedLineException("\"text\" is " + t + ", not a string");
          }
          text = r.nextString();
        } else {
          r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedLineException("characters after the JSON object");
      }
      if (text == null) {
        throw new MalformedLineException("no \"text\" key");
      }
      return text;
    } catch (MalformedLineException e) {
      throw e;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new MalformedLineException(firstLine(e.getMessage()));
    }
  }

  /** Gson's message, first line only, without its advice to parse leniently. */
  private static String firstLine(String message) {
    if (message == null) {
      return "invalid JSON";
    }
    int nl = message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl);
    return first
        .replaceFirst(
            "^Use JsonReader\\.setStrictness\\(.*?\\) to accept malformed JSON", "invalid JSON")
        .replaceFirst(" at line 1 column (\\d+) path \\S*", " at column $1");
  }
}
