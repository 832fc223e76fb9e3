package dev.oopslake.bench;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * This JVM's CPU time sampled every few milliseconds against the wall clock, so the benchmark can
 * say how much CPU each phase of a run took (in local mode the executors' too) from the phases'
 * times alone: the pipeline carries no CPU accounting for it.
 */
final class CpuClock extends Thread {
  private static final long EVERY_MS = 20;
  private final ConcurrentSkipListMap<Long, Long> cpuAt = new ConcurrentSkipListMap<>();
  private volatile boolean running = true;

  CpuClock() {
    super("bench-cpu-clock");
    setDaemon(true);
    sample();
  }

  /** CPU time this JVM has used so far (0 where the JVM does not tell). */
  static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private void sample() {
    cpuAt.put(System.currentTimeMillis(), processCpuNanos());
  }

  @Override
  public void run() {
    while (running) {
      sample();
      try {
        Thread.sleep(EVERY_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void finish() {
    running = false;
    interrupt();
    sample();
  }

  /** CPU seconds used between two wall-clock instants (epoch ms), to the nearest samples. */
  double cpuSecondsBetween(long fromMs, long toMs) {
    var from = cpuAt.floorEntry(fromMs);
    var to = cpuAt.floorEntry(toMs);
    if (from == null || to == null) {
      return Double.NaN;
    }
    return Math.max(0, to.getValue() - from.getValue()) / 1e9;
  }
}
