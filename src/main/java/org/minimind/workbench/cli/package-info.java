/**
 * The command line ({@code minimind-workbench.jar}): picocli options and the headless modes. Only
 * this package prints to the terminal.
 */
package org.minimind.workbench.cli;
