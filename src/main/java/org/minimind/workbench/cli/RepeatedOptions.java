package org.minimind.workbench.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "The last value wins" for an option given twice ({@code --max-steps 3 --max-steps 4} trains 4
 * steps), as in most tools. Picocli allows it for plain options but reads a repeated option of an
 * argument group (the help's sections) as a second group and refuses it, so earlier occurrences are
 * dropped before parsing. Repeatable options ({@code --compare}, {@code --stop}) are kept.
 */
final class RepeatedOptions {
  private RepeatedOptions() {}

  /** {@code args} without the earlier occurrences of each single-valued option. */
  static String[] lastWins(CommandSpec spec, String[] args) {
    record Occurrence(int start, int length) {}
    Map<OptionSpec, List<Occurrence>> seen = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      if (!arg.startsWith("-")) {
        continue;
      }
      int eq = arg.indexOf('=');
      OptionSpec option = spec.findOption(eq > 0 ? arg.substring(0, eq) : arg);
      if (option == null || option.isMultiValue() || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      int length = eq < 0 && option.arity().min() == 1 && i + 1 < args.length ? 2 : 1;
      seen.computeIfAbsent(option, o -> new ArrayList<>()).add(new Occurrence(i, length));
      i += length - 1;
    }
    boolean[] drop = new boolean[args.length];
    boolean any = false;
    for (List<Occurrence> list : seen.values()) {
      for (int k = 0; k < list.size() - 1; k++) {
        Occurrence o = list.get(k);
        for (int j = o.start(); j < o.start() + o.length(); j++) {
          drop[j] = true;
          any = true;
        }
      }
    }
    if (!any) {
      return args;
    }
    List<String> kept = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      if (!drop[i]) {
        kept.add(args[i]);
      }
    }
    return kept.toArray(String[]::new);
  }
}
