#!/bin/sh
# Creates the platform's topics (shared-events Topics.ALL) and their dead-letter topics on the compose broker.
# Idempotent (--if-not-exists); the services also create what they use, this only makes the layout explicit.
# Run by the kafka-init service of docker-compose.yml with the apache/kafka image.
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
TOPICS=/opt/kafka/bin/kafka-topics.sh
WEEK=604800000
MONTH=2592000000
DLQ_RETENTION=7776000000

until "$TOPICS" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; do
  echo "waiting for $BOOTSTRAP"; sleep 1
done

create() { # name partitions retention-ms
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" --partitions "$2" \
    --replication-factor 1 --config "retention.ms=$3"
}

create gitops.webhook.received.v1 6 "$WEEK"
create gitops.pipeline.v1 6 "$MONTH"
create gitops.artifact.published.v1 6 "$MONTH"
create gitops.config.changed.v1 6 "$MONTH"
create gitops.sync.v1 6 "$MONTH"
create gitops.rollout.v1 6 "$MONTH"
for topic in gitops.webhook.received.v1 gitops.pipeline.v1 gitops.artifact.published.v1 gitops.config.changed.v1 \
             gitops.sync.v1 gitops.rollout.v1; do
  create "$topic.dlq" 1 "$DLQ_RETENTION"
done
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --list
