package dev.oopslake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * The Spark jobs of a run as the scheduler reports them: when each started and ended, and the
 * description the pipeline gave it. The benchmark places them in the pipeline's phases by time, so
 * the pipeline needs no hook for it; many short jobs in a phase are fixed costs to merge or skip.
 */
final class PhaseListener extends SparkListener {
  /** One job: epoch milliseconds of its start and end, and its description (may be null). */
  record Job(long start, long end, String description) {}

  /** How many jobs started in a window, and their summed wall time. */
  record Jobs(int count, double seconds) {}

  private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description =
        start.properties() == null ? null : start.properties().getProperty("spark.job.description");
    jobs.put(start.jobId(), new Job(start.time(), -1, description));
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    jobs.computeIfPresent(end.jobId(), (id, j) -> new Job(j.start(), end.time(), j.description()));
  }

  /** The finished jobs that started in [{@code from}, {@code to}) (epoch milliseconds). */
  Jobs startedBetween(long from, long to) {
    int n = 0;
    long ms = 0;
    for (Job j : new ArrayList<>(jobs.values())) {
      if (j.end() >= 0 && j.start() >= from && j.start() < to) {
        n++;
        ms += j.end() - j.start();
      }
    }
    return new Jobs(n, ms / 1e3);
  }

  /** Every job seen so far. */
  List<Job> all() {
    return List.copyOf(jobs.values());
  }
}
