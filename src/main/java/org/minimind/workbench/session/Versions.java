package org.minimind.workbench.session;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions recorded in a run's manifest, so a result can be traced to what produced it. */
public final class Versions {
  public static final String WORKBENCH = "0.1.0";

  private Versions() {}

  public static Map<String, String> all() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("workbench", WORKBENCH);
    v.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }
}
