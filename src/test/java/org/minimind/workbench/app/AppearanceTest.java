package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's theme and text size become stylesheets laid over the main one. */
class AppearanceTest {
  @Test
  void theDefaultLookAddsNoSheet() {
    assertEquals(List.of(), new Appearance().stylesheets());
  }

  @Test
  void theDarkThemeAddsItsSheet() {
    Appearance a = new Appearance();
    a.darkProperty().set(true);
    assertEquals(1, a.stylesheets().size());
    assertTrue(
        a.stylesheets().get(0).endsWith("styles/workbench-dark.css"), a.stylesheets().get(0));
    a.darkProperty().set(false);
    assertEquals(List.of(), a.stylesheets());
  }

  @Test
  void textSizeScalesEveryFontSizeOfTheMainSheetWithinBounds() {
    Appearance a = new Appearance();
    a.larger();
    a.larger();
    assertEquals(1.2, a.scaleProperty().get(), 1e-12);
    String css = decode(a.stylesheets().get(0));
    assertTrue(css.contains(".root { -fx-font-size: 14.4px; }"), css);
    assertTrue(css.contains(".chart .axis .axis-tick-label { -fx-font-size: 12.0px; }"), css);
    for (int i = 0; i < 30; i++) {
      a.larger();
    }
    assertEquals(Appearance.MAX_SCALE, a.scaleProperty().get(), 1e-12);
    for (int i = 0; i < 30; i++) {
      a.smaller();
    }
    assertEquals(Appearance.MIN_SCALE, a.scaleProperty().get(), 1e-12);
    a.resetSize();
    assertEquals(List.of(), a.stylesheets());
  }

  private static String decode(String dataUri) {
    String prefix = "data:text/css;base64,";
    assertTrue(dataUri.startsWith(prefix), dataUri);
    return new String(
        Base64.getDecoder().decode(dataUri.substring(prefix.length())), StandardCharsets.UTF_8);
  }
}
