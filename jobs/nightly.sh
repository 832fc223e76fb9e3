#!/usr/bin/env bash
# What cron calls every night:
#   jobs/nightly.sh --input s3a://bucket/kdump --catalog fleet [--master spark://host:7077] [flags]
# With SPARK_HOME set (or --master given) the app jar goes through spark-submit to the cluster, with
# conf/spark-defaults.conf; otherwise the job runs on embedded Spark (local[*]) in this machine.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

master=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="${2:?--master needs a URL, e.g. spark://host:7077 or yarn}"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ -z "$master" ] && [ -z "${SPARK_HOME:-}" ]; then
  exec "$OOPSLAKE_HOME/jobs/oopslake" nightly "${args[@]}"
fi

oopslake_ensure_built
submit=(--class dev.oopslake.jobs.NightlyJob
  --properties-file "$OOPSLAKE_HOME/conf/spark-defaults.conf"
  --driver-java-options "-Doopslake.home=$OOPSLAKE_HOME -Dlog4j2.configurationFile=$OOPSLAKE_HOME/conf/log4j2.properties")
[ -n "$master" ] && submit+=(--master "$master")
if [ -n "${SPARK_HOME:-}" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${submit[@]}" "$OOPSLAKE_JAR" "${args[@]}"
fi
# No SPARK_HOME: Spark's own SparkSubmit from the local classpath, same arguments.
oopslake_java org.apache.spark.deploy.SparkSubmit "${submit[@]}" "$OOPSLAKE_JAR" "${args[@]}"
