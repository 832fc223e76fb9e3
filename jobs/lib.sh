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

# Class-data sharing for the embedded Spark runs: the JVM maps the classes a training run loaded
# (Spark's are thousands) from target/oopslake.jsa instead of loading and verifying them again. The
# build writes it (`mvn package` runs jobs/cds-archive after the jar), so the first run after a build
# starts as fast as every later one; no user run writes it. When it is missing or stale (a build with
# -Doopslake.cds.skip, or a jar newer than it), runs go without: `jobs/cds-archive` writes it again.
# OOPSLAKE_CDS=off turns it off. A stale or foreign archive is ignored.
OOPSLAKE_JSA=$OOPSLAKE_HOME/target/oopslake.jsa
oopslake_cds_flags() {
  OOPSLAKE_CDS_FLAGS=()
  [ "${OOPSLAKE_CDS:-on}" = off ] && return 0
  case "${1:-}" in
    nightly | sql | report | eval-clusters | org.apache.spark.deploy.SparkSubmit | dev.oopslake.bench.NightlyBench) ;;
    *) return 0 ;;
  esac
  if [ -f "$OOPSLAKE_JSA" ] && [ "$OOPSLAKE_JSA" -nt "$OOPSLAKE_JAR" ] && [ "$OOPSLAKE_JSA" -nt "$OOPSLAKE_CP_FILE" ]; then
    # Archive errors and skipped classes are not the user's business; -Xshare:auto falls back quietly.
    OOPSLAKE_CDS_FLAGS=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="$OOPSLAKE_JSA")
  fi
}

# Writes the class-data archive: a short training run (cds-train: nightly, sql and report on 30
# generated files) with the same java command line as the runs that map it (the archive is only
# valid for the same class path), the JVM dumping what it loaded as it exits. Written under a
# private name and moved in place when done, so a concurrent run never maps half an archive.
oopslake_cds_write() {
  local dump=$OOPSLAKE_JSA.$$ rc=0
  rm -f "$OOPSLAKE_JSA"
  java @"$OOPSLAKE_HOME/conf/jvm-module-options" -Xmx2g -XX:+UseParallelGC -Xlog:cds=off -Xlog:cds+dynamic=off \
    -XX:ArchiveClassesAtExit="$dump" -Doopslake.home="$OOPSLAKE_HOME" \
    -Dlog4j2.configurationFile="$OOPSLAKE_HOME/conf/log4j2.properties" \
    -cp "$OOPSLAKE_JAR:$(cat "$OOPSLAKE_CP_FILE")" dev.oopslake.jobs.OopslakeCli cds-train || rc=$?
  if [ $rc -eq 0 ] && [ -s "$dump" ]; then
    mv -f "$dump" "$OOPSLAKE_JSA"
  else
    rm -f "$dump"
    return 1
  fi
}

# The collector for embedded Spark runs: batch work on one machine, where throughput counts and pauses do
# not. The parallel collector's cheaper write barriers and lack of concurrent refinement threads gave the
# 20k-file ingest's read phase 8.2 s against G1's 9.5 s (mean of five alternating runs each). A collector
# chosen in OOPSLAKE_JAVA_OPTS wins (two would stop the JVM); clusters keep their own executor settings.
oopslake_gc_flags() {
  OOPSLAKE_GC_FLAGS=()
  case "${1:-}" in
    nightly | sql | report | eval-clusters | dev.oopslake.bench.NightlyBench) ;;
    *) return 0 ;;
  esac
  case "${OOPSLAKE_JAVA_OPTS:-}" in
    *-XX:+Use*GC*) ;;
    *) OOPSLAKE_GC_FLAGS=(-XX:+UseParallelGC) ;;
  esac
  # Spark generates and loads classes all run long; from the default 21 MB high-water mark, metaspace
  # growth stopped the JVM for a full collection six times in one bench run (33-348 ms each).
  case "${OOPSLAKE_JAVA_OPTS:-}" in
    *MetaspaceSize*) ;;
    *) OOPSLAKE_GC_FLAGS+=(-XX:MetaspaceSize=256m) ;;
  esac
}

# The JIT for embedded Spark runs: the client compiler only (C1). A run of a few minutes spends more
# CPU in C2 compiling Spark, Iceberg and their generated code than C2's faster code gives back: on
# 2 cores, in fresh JVMs on 20,000 real-log files, C1 only took the full nightly from 42-45 s to
# 28-36 s and the next night with 1% new files from 32-38 s to 24-26 s (half the CPU); at 100,000
# files both took 68-70 s (C2's parser, twice as fast once compiled, wins the read phase by 9% and
# loses the rest). Longer runs on few cores (a first run over millions of files) want C2:
# OOPSLAKE_JIT=c2, or any Tiered* flag in OOPSLAKE_JAVA_OPTS, leaves the JVM's default.
# docs/benchmarks.md has the runs.
oopslake_jit_flags() {
  OOPSLAKE_JIT_FLAGS=()
  case "${OOPSLAKE_JIT:-c1}" in
    c1) ;;
    c2) return 0 ;;
    *)
      echo "oopslake: OOPSLAKE_JIT=$OOPSLAKE_JIT is not a JIT choice; set it to c1 (the default) or c2" >&2
      exit 2
      ;;
  esac
  case "${1:-}" in
    nightly | sql | report | maintain | eval-clusters | dev.oopslake.bench.NightlyBench) ;;
    *) return 0 ;;
  esac
  case "${OOPSLAKE_JAVA_OPTS:-}" in
    *Tiered*) ;;
    *) OOPSLAKE_JIT_FLAGS=(-XX:TieredStopAtLevel=1) ;;
  esac
  # Without tiered C2 the JVM sizes its code cache for C1 alone: 48 MB, which Spark's generated
  # classes fill in one long run (a full nightly then a night's increment in one JVM did); a full
  # cache stops the compiler and the next new class fails its task with a VirtualMachineError that
  # ends the JVM. Keep the size the JVM gives tiered compilation.
  case "${OOPSLAKE_JAVA_OPTS:-}" in
    *ReservedCodeCacheSize*) ;;
    *) [ ${#OOPSLAKE_JIT_FLAGS[@]} -eq 0 ] || OOPSLAKE_JIT_FLAGS+=(-XX:ReservedCodeCacheSize=240m) ;;
  esac
}

# java with the Java 17 module flags, quiet logging, the app jar and Spark on the classpath.
# The first argument is the main class; for OopslakeCli the second is the subcommand.
oopslake_java() {
  oopslake_ensure_built
  if [ "$1" = dev.oopslake.jobs.OopslakeCli ]; then
    oopslake_cds_flags "${2:-}"
    oopslake_gc_flags "${2:-}"
    oopslake_jit_flags "${2:-}"
  else
    oopslake_cds_flags "$1"
    oopslake_gc_flags "$1"
    oopslake_jit_flags "$1"
  fi
  local rc=0
  # shellcheck disable=SC2086
  java @"$OOPSLAKE_HOME/conf/jvm-module-options" ${OOPSLAKE_JAVA_OPTS:--Xmx4g} \
    "${OOPSLAKE_GC_FLAGS[@]}" "${OOPSLAKE_JIT_FLAGS[@]}" "${OOPSLAKE_CDS_FLAGS[@]}" \
    -Doopslake.home="$OOPSLAKE_HOME" \
    -Dlog4j2.configurationFile="$OOPSLAKE_HOME/conf/log4j2.properties" \
    -cp "$OOPSLAKE_JAR:$(cat "$OOPSLAKE_CP_FILE")" "$@" || rc=$?
  return $rc
}
