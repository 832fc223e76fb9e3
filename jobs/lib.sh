# Shared by every script in jobs/: where things are, build-if-stale, and the one java command line.
# Sourced, not run.
OOPSLAKE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OOPSLAKE_JAR=$OOPSLAKE_HOME/target/oopslake.jar
OOPSLAKE_CP_FILE=$OOPSLAKE_HOME/target/local-classpath.txt

# Builds the app jar and the local classpath (Spark included) when missing or older than the sources.
oopslake_ensure_built() {
  if [ ! -f "$OOPSLAKE_JAR" ] || [ ! -f "$OOPSLAKE_CP_FILE" ] ||
    [ -n "$(find "$OOPSLAKE_HOME/src/main" "$OOPSLAKE_HOME/pom.xml" "$OOPSLAKE_HOME/conf" -newer "$OOPSLAKE_JAR" -print -quit 2>/dev/null)" ]; then
    echo "oopslake: building target/oopslake.jar (mvn package -DskipTests) ..." >&2
    (cd "$OOPSLAKE_HOME" && mvn -B -q package -DskipTests) >&2 || {
      echo "oopslake: build failed; run 'mvn -B package -DskipTests' to see why" >&2
      exit 1
    }
  fi
}

# Class-data sharing for the embedded Spark runs: the JVM maps the classes a previous run loaded
# (Spark's are thousands) from target/oopslake.jsa instead of loading and verifying them again, which
# halves Spark's start-up. Writing the archive at a run's exit cost the first run after a build 45 s
# (81.3 s against 35.2 s), so no user run writes it: when it is missing or stale, the run goes without,
# and afterwards a short training run (cds-train: nightly, sql and report on 30 generated files) writes
# it in the background. OOPSLAKE_CDS=off turns all of this off. A stale or foreign archive is ignored.
OOPSLAKE_JSA=$OOPSLAKE_HOME/target/oopslake.jsa
oopslake_cds_flags() {
  OOPSLAKE_CDS_FLAGS=()
  OOPSLAKE_CDS_TRAIN=""
  [ "${OOPSLAKE_CDS:-on}" = off ] && return 0
  case "${1:-}" in
    nightly | bench | sql | report | eval-clusters | org.apache.spark.deploy.SparkSubmit) ;;
    *) return 0 ;;
  esac
  # Archive errors and skipped classes are not the user's business; -Xshare:auto falls back quietly.
  OOPSLAKE_CDS_FLAGS=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$OOPSLAKE_JSA" ] && [ "$OOPSLAKE_JSA" -nt "$OOPSLAKE_JAR" ] && [ "$OOPSLAKE_JSA" -nt "$OOPSLAKE_CP_FILE" ]; then
    OOPSLAKE_CDS_FLAGS+=(-XX:SharedArchiveFile="$OOPSLAKE_JSA")
  else
    OOPSLAKE_CDS_TRAIN=1
  fi
}

# Starts the class-data training run in the background, detached, once at a time (a lock directory; a
# lock older than 30 minutes is taken as left by a killed run). Written under a private name and moved
# in place when done, so concurrent runs never map half an archive.
oopslake_cds_train() {
  local lock=$OOPSLAKE_JSA.lock
  if [ -d "$lock" ] && [ -n "$(find "$lock" -maxdepth 0 -mmin +30 2>/dev/null)" ]; then rmdir "$lock" 2>/dev/null || true; fi
  mkdir "$lock" 2>/dev/null || return 0
  echo "oopslake: writing the class-data archive (target/oopslake.jsa) in the background; later runs start faster" >&2
  local dump=$OOPSLAKE_JSA.$$
  # shellcheck disable=SC2086
  nohup setsid bash -c '
    java "$@" && [ -s "'"$dump"'" ] && mv -f "'"$dump"'" "'"$OOPSLAKE_JSA"'"
    rm -f "'"$dump"'"; rmdir "'"$lock"'"' oopslake-cds-train \
    @"$OOPSLAKE_HOME/conf/jvm-module-options" -Xmx2g -XX:+UseParallelGC -Xlog:cds=off -Xlog:cds+dynamic=off \
    -XX:ArchiveClassesAtExit="$dump" -Doopslake.home="$OOPSLAKE_HOME" \
    -Dlog4j2.configurationFile="$OOPSLAKE_HOME/conf/log4j2.properties" \
    -cp "$OOPSLAKE_JAR:$(cat "$OOPSLAKE_CP_FILE")" dev.oopslake.jobs.OopslakeCli cds-train \
    >/dev/null 2>&1 </dev/null &
}

# The collector for embedded Spark runs: batch work on one machine, where throughput counts and pauses do
# not. The parallel collector's cheaper write barriers and lack of concurrent refinement threads gave the
# 20k-file ingest's read phase 8.2 s against G1's 9.5 s (mean of five alternating runs each). A collector
# chosen in OOPSLAKE_JAVA_OPTS wins (two would stop the JVM); clusters keep their own executor settings.
oopslake_gc_flags() {
  OOPSLAKE_GC_FLAGS=()
  case "${1:-}" in
    nightly | bench | sql | report | eval-clusters) ;;
    *) return 0 ;;
  esac
  case "${OOPSLAKE_JAVA_OPTS:-}" in
    *-XX:+Use*GC*) ;;
    *) OOPSLAKE_GC_FLAGS=(-XX:+UseParallelGC) ;;
  esac
}

# java with the Java 17 module flags, quiet logging, the app jar and Spark on the classpath.
# The first argument is the main class; for OopslakeCli the second is the subcommand.
oopslake_java() {
  oopslake_ensure_built
  if [ "$1" = dev.oopslake.jobs.OopslakeCli ]; then
    oopslake_cds_flags "${2:-}"
    oopslake_gc_flags "${2:-}"
  else
    oopslake_cds_flags "$1"
    oopslake_gc_flags "$1"
  fi
  local rc=0
  # shellcheck disable=SC2086
  java @"$OOPSLAKE_HOME/conf/jvm-module-options" ${OOPSLAKE_JAVA_OPTS:--Xmx4g} \
    "${OOPSLAKE_GC_FLAGS[@]}" "${OOPSLAKE_CDS_FLAGS[@]}" \
    -Doopslake.home="$OOPSLAKE_HOME" \
    -Dlog4j2.configurationFile="$OOPSLAKE_HOME/conf/log4j2.properties" \
    -cp "$OOPSLAKE_JAR:$(cat "$OOPSLAKE_CP_FILE")" "$@" || rc=$?
  if [ -n "$OOPSLAKE_CDS_TRAIN" ]; then oopslake_cds_train; fi
  return $rc
}
