#!/usr/bin/env bash
# Ingest throughput benchmark: signed 10 KB push deliveries against ingest backed by a real Kafka broker (separate
# process, KRaft, acks=all), measured in the same run as a bare Vert.x endpoint that only answers 202.
# Usage: bench/ingest/run.sh [duration-seconds] [connections]   (needs: wrk; builds what it needs)
# INGEST_JAVA_OPTS sets ingest's JVM options (default: the heap cap the Helm chart and the launcher use).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-30}
CONNECTIONS=${2:-64}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

./mvnw -B -q install -pl kafka-test-broker,shared-events,config-model,service-kit -DskipTests -Djacoco.skip=true
./mvnw -B -q package -pl services/ingest -DskipTests -Djacoco.skip=true
./mvnw -B -q dependency:build-classpath -pl kafka-test-broker -Dmdep.outputFile="$WORK/kafka.cp" -Dmdep.includeScope=runtime
./mvnw -B -q dependency:build-classpath -pl services/ingest -Dmdep.outputFile="$WORK/ingest.cp" -Dmdep.includeScope=runtime

# Kafka broker, its own JVM, KRaft combined mode.
PORT_K=$((20000 + RANDOM % 10000)); PORT_C=$((PORT_K + 1))
cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$PORT_C
listeners=PLAINTEXT://127.0.0.1:$PORT_K,CONTROLLER://127.0.0.1:$PORT_C
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT_K
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
PROPS
KCP=$(cat "$WORK/kafka.cp")
java -cp "$KCP" kafka.tools.StorageTool format -t "$(java -cp "$KCP" kafka.tools.StorageTool random-uuid)" \
  -c "$WORK/server.properties" --standalone >/dev/null 2>&1 || \
java -cp "$KCP" kafka.tools.StorageTool format -t "$(java -cp "$KCP" kafka.tools.StorageTool random-uuid)" -c "$WORK/server.properties" >/dev/null
java -Xmx1g -cp "$KCP" kafka.Kafka "$WORK/server.properties" > "$WORK/kafka.log" 2>&1 &
for _ in $(seq 60); do (echo > /dev/tcp/127.0.0.1/$PORT_K) 2>/dev/null && break; sleep 0.5; done

# The 10 KB body and its signature.
SECRET="bench-secret"
python3 - "$WORK/body.json" <<'PY'
import json, sys
body = {"ref": "refs/heads/main", "before": "0"*40, "after": "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070",
        "repository": {"full_name": "acme/shop", "name": "shop"}, "pusher": {"name": "octo"},
        "head_commit": {"id": "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070", "timestamp": "2026-11-27T10:00:00Z",
                        "message": "bench"}, "padding": ""}
s = json.dumps(body)
body["padding"] = "x" * (10240 - len(s))
open(sys.argv[1], "w").write(json.dumps(body))
PY
SIGNATURE="sha256=$(openssl dgst -sha256 -hmac "$SECRET" -r < "$WORK/body.json" | cut -d' ' -f1)"
export BODY_FILE="$WORK/body.json" SIGNATURE

PORT_I=$((PORT_K + 2)); PORT_B=$((PORT_K + 3))
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$PORT_K GITOPS_INGEST_SECRETS=$SECRET QUARKUS_HTTP_PORT=$PORT_I \
  java ${INGEST_JAVA_OPTS:--Xms32m -Xmx192m -XX:MaxMetaspaceSize=160m} -jar services/ingest/target/quarkus-app/quarkus-run.jar \
  > "$WORK/ingest.log" 2>&1 &
INGEST_PID=$!
java -cp "$(cat "$WORK/ingest.cp")" bench/ingest/BareEndpoint.java $PORT_B > "$WORK/bare.log" 2>&1 &
for _ in $(seq 120); do curl -fs "http://127.0.0.1:$PORT_I/q/health/ready" >/dev/null && break; sleep 0.5; done
for _ in $(seq 60); do grep -q "BARE READY" "$WORK/bare.log" && break; sleep 0.5; done

echo "ingest JVM options: ${INGEST_JAVA_OPTS:--Xms32m -Xmx192m -XX:MaxMetaspaceSize=160m}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
echo "warm-up (10 s each)"
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/ingest/push.lua "http://127.0.0.1:$PORT_B" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s bench/ingest/push.lua "http://127.0.0.1:$PORT_I" > /dev/null
echo "bare endpoint (${DURATION}s, $CONNECTIONS connections):"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/ingest/push.lua "http://127.0.0.1:$PORT_B" | grep '^requests='
echo "bare Kafka producer to the same broker (acks=all, 64 in flight, 10 KB, linger 0):"
java -cp "$(cat "$WORK/kafka.cp")" bench/ingest/KafkaProducerBaseline.java 127.0.0.1:$PORT_K 20000 0 2>/dev/null | grep '^sent'
echo "ingest + Kafka acks=all (${DURATION}s, $CONNECTIONS connections):"
( while kill -0 $INGEST_PID 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$INGEST_PID/status; sleep 1; done ) > "$WORK/rss.txt" &
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/ingest/push.lua "http://127.0.0.1:$PORT_I" | grep '^requests='
echo "ingest peak RSS under load: $(sort -n "$WORK/rss.txt" | tail -1 | awk '{printf "%.0f MB", $1/1024}')"
curl -fs "http://127.0.0.1:$PORT_I/q/metrics" | grep -E '^gitops_ingest_requests_total\{event="push"' || true
