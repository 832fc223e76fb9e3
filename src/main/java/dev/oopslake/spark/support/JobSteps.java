package dev.oopslake.spark.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named steps of a Spark stage: each step's jobs carry its name in the Spark UI, and the log says
 * how long each took.
 */
public final class JobSteps {
  private final SparkSession spark;
  private final Logger log;
  private String current;
  private long started;

  public JobSteps(SparkSession spark, Class<?> owner) {
    this.spark = spark;
    this.log = LoggerFactory.getLogger(owner);
  }

  /** Ends the current step (logging its time) and starts {@code what}; null ends the last one. */
  public void next(String what) {
    long now = System.nanoTime();
    if (current != null) {
      log.info("{} took {} ms", current, (now - started) / 1_000_000);
    }
    current = what;
    started = now;
    spark.sparkContext().setJobDescription(what);
  }

  /**
   * Runs independent steps side by side, at most {@code threads} at a time, each on its own driver
   * thread with its name in the Spark UI; returns when all are done and rethrows the first failure.
   * Small derived tables are bound by per-job latency (planning, scheduling, the commit), not by
   * the cores, so overlapping them shortens the run; Spark schedules jobs from several threads.
   */
  public void parallel(int threads, LinkedHashMap<String, Runnable> steps) {
    next(null);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> running = new ArrayList<>();
      steps.forEach(
          (name, step) ->
              running.add(
                  pool.submit(
                      () -> {
                        long start = System.nanoTime();
                        spark.sparkContext().setJobDescription(name);
                        try {
                          step.run();
                        } finally {
                          spark.sparkContext().setJobDescription(null);
                          log.info("{} took {} ms", name, (System.nanoTime() - start) / 1_000_000);
                        }
                      })));
      RuntimeException failure = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the derived tables were written", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
