#!/usr/bin/env bash
# Health verifier benchmark: first CrashLoopBackOff pod status update -> failed verdict acknowledged by the broker.
# Usage: bench/health-verifier/run.sh [runs]   (builds test classes; sandbox and Kafka broker run in-JVM)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-50}
./mvnw -B -q ${MAVEN_ARGS:-} -pl services/health-verifier test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd services/health-verifier
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.gitops.health.bench.VerdictLatencyBenchmark "$RUNS"
