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

# java with the Java 17 module flags, quiet logging, the app jar and Spark on the classpath.
oopslake_java() {
  oopslake_ensure_built
  # shellcheck disable=SC2086
  java @"$OOPSLAKE_HOME/conf/jvm-module-options" ${OOPSLAKE_JAVA_OPTS:--Xmx4g} \
    -Doopslake.home="$OOPSLAKE_HOME" \
    -Dlog4j2.configurationFile="$OOPSLAKE_HOME/conf/log4j2.properties" \
    -cp "$OOPSLAKE_JAR:$(cat "$OOPSLAKE_CP_FILE")" "$@"
}
