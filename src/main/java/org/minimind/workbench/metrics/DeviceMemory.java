package org.minimind.workbench.metrics;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the memory in use on a CUDA device ({@code cudaMemGetInfo}: total minus free, so
 * device-wide, every process and the CUDA context included) on a background thread, and keeps the
 * peak. What {@code nvidia-smi} shows as used memory, sampled, not the caching allocator's exact
 * peak.
 */
public final class DeviceMemory implements AutoCloseable {
  /** Sampling period. */
  public static final long PERIOD_MILLIS = 10;

  private final Device device;
  private final AtomicLong peakBytes = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private DeviceMemory(Device device) {
    this.device = device;
    sample();
    this.sampler = new Thread(this::loop, "device-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling {@code device}; null for a device that is not a GPU. */
  public static DeviceMemory start(Device device) {
    return device.isGpu() ? new DeviceMemory(device) : null;
  }

  /** The largest sample so far (and one taken now), in MiB. */
  public double peakMiB() {
    sample();
    return peakBytes.get() / (1024.0 * 1024.0);
  }

  private long used() {
    MemoryUsage u = CudaUtils.getGpuMemory(device);
    return u.getCommitted();
  }

  private void sample() {
    long used = used();
    peakBytes.accumulateAndGet(used, Math::max);
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
