package org.minimind.workbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.minimind.workbench.slots.InterventionComparison;

/**
 * Prints an {@link InterventionComparison} for a person: both texts, where they part, and how each
 * token's probability moved.
 */
final class InterventionReport {
  private InterventionReport() {}

  static void print(InterventionComparison.Result r, PrintWriter out) {
    out.println("baseline:   " + r.baseline().text());
    out.println("intervened: " + r.intervened().text());
    out.println("intervention: " + r.intervention());
    int at = r.firstDifference();
    if (at < 0) {
      out.println("first difference: none, the same " + r.intervened().ids().length + " tokens");
    } else {
      out.println(
          "first difference: generated token "
              + at
              + ": baseline "
              + token(r.baseline().ids(), r.baselinePieces(), at)
              + ", intervened "
              + token(r.intervened().ids(), r.intervenedPieces(), at));
    }
    out.println("probability of each intervened token (teacher-forced on the intervened text):");
    out.println(
        String.format(
            Locale.ROOT,
            "  %4s  %-18s %10s %10s %10s",
            "#",
            "token",
            "baseline",
            "intervened",
            "change"));
    for (InterventionComparison.TokenChange c : r.changes()) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %4d  %-18s %10.4f %10.4f %+10.4f%s",
              c.index(),
              quoted(c.piece()) + " " + c.id(),
              c.baseline(),
              c.intervened(),
              c.delta(),
              c.index() == at ? "  <- first difference" : ""));
    }
    out.flush();
  }

  private static String token(int[] ids, List<String> pieces, int i) {
    return i < ids.length ? quoted(pieces.get(i)) + " (id " + ids[i] + ")" : "(ended)";
  }

  private static String quoted(String piece) {
    return "\"" + piece.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }
}
