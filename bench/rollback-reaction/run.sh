#!/usr/bin/env bash
# Rollback reaction on the embedded stack: failure observed -> previous revision applied, and failed apply -> healthy
# again, over repeated crash-looping deployments (see launcher/src/test/java/io/gitops/launcher/RollbackReactionBenchmark.java).
# Usage: bench/rollback-reaction/run.sh [runs] [warm-up runs]   (default 20 and 2; needs the service jars: ./mvnw install)
# It starts the whole stack: on a shared machine wrap it in `flock <lock file>`.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-20}
WARMUP=${2:-2}
./mvnw -B -q ${MAVEN_ARGS:-} -pl launcher test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd launcher
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.gitops.launcher.RollbackReactionBenchmark "$RUNS" "$WARMUP"
