package org.minimind.workbench.cli;

/** Entry point of {@code minimind-workbench.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("MiniMind Memory Workbench");
  }
}
