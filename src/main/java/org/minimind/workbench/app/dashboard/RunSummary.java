package org.minimind.workbench.app.dashboard;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.run.RunDirectory;

/**
 * One row of the dashboard's run table: what a researcher compares runs by, from the run's manifest
 * ({@code run.json}) and its metrics.
 *
 * @param name the run's name, as the legends show it
 * @param colour the colour of its lines when runs are compared
 * @param variant memory variant ({@code continuous} or {@code token}), "" when unknown
 * @param preset the preset it was trained from, "" when unknown
 * @param lr peak learning rate, NaN when unknown
 * @param steps the last logged step
 * @param bestValLoss the lowest validation loss logged, NaN when none
 * @param hyperparameters every setting of the manifest, flattened ({@code settings.lr}, {@code
 *     config.dim}, ...), as text
 */
public record RunSummary(
    String name,
    String colour,
    String variant,
    String preset,
    double lr,
    long steps,
    double bestValLoss,
    Map<String, String> hyperparameters) {

  /** Reads the summary of {@code run}, drawn in {@code colour}. Background thread. */
  static RunSummary of(RunHistory run, String colour) {
    Map<String, String> flat = new LinkedHashMap<>();
    Path dir = run.directory();
    Path manifestFile = dir == null ? null : RunDirectory.manifestFile(dir);
    if (manifestFile != null && Files.isRegularFile(manifestFile)) {
      try {
        JsonElement manifest = JsonParser.parseString(Files.readString(manifestFile));
        if (manifest.isJsonObject()) {
          JsonObject o = manifest.getAsJsonObject();
          for (String section : List.of("preset", "config", "settings")) {
            if (o.has(section)) {
              flatten(section, o.get(section), flat);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        flat.put(manifestFile.getFileName().toString(), "unreadable");
      }
    }
    double lr = parse(flat.get("settings.lr"));
    // manifests written before the token variant existed have no memory_variant: continuous
    String variant =
        flat.getOrDefault(
            "config.memory_variant", flat.containsKey("config.knowledge_num") ? "continuous" : "");
    RunHistory.Snapshot snap = run.snapshot();
    double best = Double.NaN;
    if (snap.has(MetricsColumns.VAL_LOSS)) {
      for (double v : snap.column(MetricsColumns.VAL_LOSS).toArray()) {
        if (!Double.isNaN(v) && (Double.isNaN(best) || v < best)) {
          best = v;
        }
      }
    }
    return new RunSummary(
        run.name(),
        colour,
        variant,
        flat.getOrDefault("preset", ""),
        lr,
        run.lastStep(),
        best,
        flat);
  }

  /**
   * The hyperparameters whose values are not the same in every run, each with the runs' values in
   * order ("-" where a run does not record it).
   */
  static Map<String, List<String>> differences(List<RunSummary> runs) {
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.hyperparameters().keySet()));
    Map<String, List<String>> diff = new LinkedHashMap<>();
    for (String key : keys) {
      List<String> values = new ArrayList<>();
      for (RunSummary r : runs) {
        values.add(r.hyperparameters().getOrDefault(key, "-"));
      }
      if (values.stream().distinct().count() > 1) {
        diff.put(key, values);
      }
    }
    return diff;
  }

  /** {@link #differences} as one line: {@code settings.lr 0.001 | 0.0005; ...}. */
  static String describeDifferences(List<RunSummary> runs) {
    if (runs.size() < 2) {
      return "";
    }
    Map<String, List<String>> diff = differences(runs);
    if (diff.isEmpty()) {
      return "same hyperparameters";
    }
    List<String> parts = new ArrayList<>();
    diff.forEach((k, v) -> parts.add(k + " " + String.join(" | ", v)));
    return "differ: " + String.join("; ", parts);
  }

  private static void flatten(String prefix, JsonElement e, Map<String, String> out) {
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> c : e.getAsJsonObject().entrySet()) {
        flatten(prefix + "." + c.getKey(), c.getValue(), out);
      }
    } else if (e.isJsonPrimitive()) {
      out.put(prefix, e.getAsString());
    } else if (!e.isJsonNull()) {
      out.put(prefix, e.toString());
    }
  }

  private static double parse(String s) {
    try {
      return s == null ? Double.NaN : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
