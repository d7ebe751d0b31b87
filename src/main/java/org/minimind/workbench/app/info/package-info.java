/**
 * The model view: the open checkpoint's configuration, parameter counts by group and provenance.
 */
package org.minimind.workbench.app.info;
