/** Recording runs: metrics tables and files, process measurements. */
package org.minimind.workbench.metrics;
