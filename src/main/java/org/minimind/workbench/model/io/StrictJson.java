package org.minimind.workbench.model.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;

/**
 * Parses a whole JSON document strictly (RFC 8259: no comments, unquoted names or trailing values),
 * with error messages that say where the JSON is wrong and nothing about Gson's options.
 */
public final class StrictJson {
  private StrictJson() {}

  /**
   * The document in {@code reader}.
   *
   * @throws JsonParseException with a one-line message ({@link #message}) if it is not valid JSON
   */
  public static JsonElement parse(Reader reader) {
    try (JsonReader r = new JsonReader(reader)) {
      r.setStrictness(Strictness.STRICT);
      JsonElement e = JsonParser.parseReader(r);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("unexpected text after the JSON value");
      }
      return e;
    } catch (JsonParseException e) {
      throw new JsonParseException(message(e), e);
    } catch (IOException e) {
      throw new JsonParseException(message(e), e);
    }
  }

  /** Gson's message, first line only, without its advice to parse leniently or its URL. */
  public static String message(Exception e) {
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && (t.getMessage() == null || t.getMessage().startsWith("com.google.gson"))) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return "invalid JSON";
    }
    int nl = m.indexOf('\n');
    String first = nl < 0 ? m : m.substring(0, nl);
    first =
        first.replaceFirst(
            "^Use JsonReader\\.setStrictness\\(.*?\\) to accept malformed JSON", "invalid JSON");
    return first.replaceFirst("^(com\\.google\\.gson\\.[\\w.]+|java\\.[\\w.]+): ", "").trim();
  }
}
