# build-orchestrator: its tests build images with buildah (vfs storage, chroot isolation) and push them to a real
# OCI registry (Debian's docker-registry on 127.0.0.1). Without them those tests skip; CI must run them.
# Sourced by .ci/run after apt-get update.
apt-get install -y -qq buildah docker-registry >/dev/null
