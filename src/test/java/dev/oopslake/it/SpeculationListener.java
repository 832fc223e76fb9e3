package dev.oopslake.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A driver-side listener (set with {@code spark.extraListeners}, shipped with {@code --jars}) that
 * prints one {@code SPECULATION} line to the driver's stdout for every speculative task attempt
 * that starts, and for every task attempt that ends as a speculative copy or not successfully
 * (killed, failed), with its job's description and end reason: what a test needs to see that Spark
 * did run a speculative copy, of which task, and which attempt won.
 */
public final class SpeculationListener extends SparkListener {
  private final Map<Integer, String> jobOfStage = new ConcurrentHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String description =
        job.properties() == null ? null : job.properties().getProperty("spark.job.description");
    for (Object stage : CollectionConverters.asJava(job.stageIds())) {
      jobOfStage.put((Integer) stage, description == null ? "" : description);
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    if (start.taskInfo().speculative()) {
      print("start", start.stageId(), start.taskInfo(), "");
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    boolean success = end.reason() == Success$.MODULE$;
    if (end.taskInfo().speculative() || !success) {
      String reason =
          success
              ? "Success"
              : end.reason() instanceof TaskFailedReason failed
                  ? failed.toErrorString().lines().findFirst().orElse("")
                  : end.reason().toString();
      print("end", end.stageId(), end.taskInfo(), " reason=" + reason);
    }
  }

  private void print(String event, int stage, TaskInfo task, String tail) {
    System.out.println(
        "SPECULATION "
            + event
            + " job=\""
            + jobOfStage.getOrDefault(stage, "")
            + "\" stage="
            + stage
            + " partition="
            + task.partitionId()
            + " attempt="
            + task.attemptNumber()
            + " speculative="
            + task.speculative()
            + " host="
            + task.host()
            + tail);
  }
}
