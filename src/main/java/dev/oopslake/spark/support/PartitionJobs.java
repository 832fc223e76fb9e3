package dev.oopslake.spark.support;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * The few RDD operations the ingest needs, handed to Spark as plain function classes.
 *
 * <p>Why not {@code JavaRDD.mapPartitions(..).collect()}: Spark's closure cleaner inspects every
 * lambda an operation is given by re-reading the class that declared it with ASM, and the Java
 * API's wrappers are lambdas declared in {@code JavaRDDLike}, {@code RDD} and {@code SparkContext}
 * (read again on each call; nothing is cached). That reading, and compiling the reader, cost more
 * CPU before the first file was read than the listing tasks themselves (docs/benchmarks.md). A
 * class that is not a lambda passes the cleaner untouched; it is still serialized with its task as
 * usual.
 */
public final class PartitionJobs {
  private PartitionJobs() {}

  /** What one task computes from its partition's rows. */
  public interface PartitionTask<T, U> extends Serializable {
    U run(int partition, Iterator<T> rows) throws Exception;
  }

  /** Runs {@code task} on every partition of {@code rdd}; one result per partition, in order. */
  @SuppressWarnings("unchecked")
  public static <T, U> List<U> run(JavaRDD<T> rdd, PartitionTask<T, U> task) {
    RDD<T> r = rdd.rdd();
    ClassTag<U> tag = anyRef();
    Object[] results = (Object[]) r.context().runJob(r, new RunTask<T, U>(task), tag);
    return (List<U>) Arrays.asList(results);
  }

  /** Each element of {@code rdd} mapped to zero or more elements, partitioning kept. */
  public static <T, U> JavaRDD<U> flatMap(JavaRDD<T> rdd, FlatMapFunction<T, U> f) {
    ClassTag<U> tag = anyRef();
    return new JavaRDD<>(rdd.rdd().mapPartitions(new FlatMapTask<T, U>(f), false, tag), tag);
  }

  /** Each element of {@code rdd} mapped to one element, partitioning kept. */
  public static <T, U> JavaRDD<U> map(JavaRDD<T> rdd, Function<T, U> f) {
    // singletonList, not List.of: a function may map to null, as with JavaRDD.map.
    return flatMap(rdd, t -> java.util.Collections.singletonList(f.call(t)).iterator());
  }

  /**
   * The lines of the text files at {@code path} (a file, folder or glob), split by bytes into at
   * least {@code minPartitions} partitions: {@code SparkContext.textFile} without its lambda.
   */
  public static JavaRDD<String> textLines(SparkContext sc, String path, int minPartitions) {
    RDD<Tuple2<LongWritable, Text>> records =
        sc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, minPartitions);
    return new JavaRDD<>(
        records.mapPartitions(new LinesTask(), false, ClassTag$.MODULE$.apply(String.class)),
        ClassTag$.MODULE$.apply(String.class));
  }

  @SuppressWarnings("unchecked")
  private static <U> ClassTag<U> anyRef() {
    return (ClassTag<U>) ClassTag$.MODULE$.AnyRef();
  }

  /**
   * Spark's functions may not throw checked exceptions; the task fails with the cause either way.
   */
  private static <R> R unchecked(java.util.concurrent.Callable<R> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class RunTask<T, U>
      extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final PartitionTask<T, U> task;

    RunTask(PartitionTask<T, U> task) {
      this.task = task;
    }

    @Override
    public U apply(TaskContext context, scala.collection.Iterator<T> rows) {
      return unchecked(() -> task.run(context.partitionId(), CollectionConverters.asJava(rows)));
    }
  }

  private static final class FlatMapTask<T, U>
      extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<U>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final FlatMapFunction<T, U> f;

    FlatMapTask(FlatMapFunction<T, U> f) {
      this.f = f;
    }

    @Override
    public scala.collection.Iterator<U> apply(scala.collection.Iterator<T> rows) {
      Iterator<T> in = CollectionConverters.asJava(rows);
      Iterator<U> out =
          new Iterator<>() {
            private Iterator<U> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
              while (!current.hasNext()) {
                if (!in.hasNext()) {
                  return false;
                }
                T next = in.next();
                current = unchecked(() -> f.call(next));
              }
              return true;
            }

            @Override
            public U next() {
              if (!hasNext()) {
                throw new java.util.NoSuchElementException();
              }
              return current.next();
            }
          };
      return CollectionConverters.asScala(out);
    }
  }

  private static final class LinesTask
      extends AbstractFunction1<
          scala.collection.Iterator<Tuple2<LongWritable, Text>>, scala.collection.Iterator<String>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<String> apply(
        scala.collection.Iterator<Tuple2<LongWritable, Text>> records) {
      // The reader reuses one Text per split: convert each record before the next is read.
      return records.map(new TextToString());
    }
  }

  private static final class TextToString
      extends AbstractFunction1<Tuple2<LongWritable, Text>, String> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(Tuple2<LongWritable, Text> record) {
      return record._2().toString();
    }
  }
}
