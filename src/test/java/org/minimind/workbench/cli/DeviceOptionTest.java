package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --device gpu where the engine sees no GPU (the CPU build, as in CI). */
class DeviceOptionTest {
  @Test
  void gpuWithoutOneNamesBothRoutesToACudaBuild() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code =
        cl.execute("--bench", "train", "--preset", "tiny", "--steps", "1", "--device", "gpu");
    assertEquals(1, code, err.toString());
    String msg = err.toString();
    assertTrue(
        msg.startsWith("error: No CUDA device: the engine runs libtorch 2.7.1 for the CPU"), msg);
    assertTrue(msg.contains("src/main/bash/install-torch-jni.sh"), msg);
    assertTrue(msg.contains("mvn -Dcuda package"), msg);
    assertTrue(msg.contains("--device cpu or auto"), msg);
    assertEquals(1, msg.strip().lines().count(), "one line: " + msg);
  }
}
