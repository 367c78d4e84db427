#!/bin/sh
# Seeds the compose stack's Git server (Gitea) once: an admin user, the config repository gitops/config from
# deploy/compose/config-repo (created by pushing: push-to-create is on), and a push webhook from that repository to
# ingest, signed with the same secret ingest checks (Gitea sends GitHub's X-GitHub-Event, X-GitHub-Delivery and
# X-Hub-Signature-256 headers). Idempotent: does nothing when the repository already exists.
set -eu
: "${GITEA_ADMIN_USER:?}" "${GITEA_ADMIN_PASSWORD:?}" "${GITOPS_WEBHOOK_SECRET:?}"
GITEA_URL="${GITEA_URL:-http://gitea:3000}"
REPO="$GITEA_ADMIN_USER/config"
AUTH_URL="http://$GITEA_ADMIN_USER:$GITEA_ADMIN_PASSWORD@${GITEA_URL#http://}"

gitea admin user create --config /etc/gitea/app.ini --work-path /var/lib/gitea \
  --username "$GITEA_ADMIN_USER" --password "$GITEA_ADMIN_PASSWORD" --email "$GITEA_ADMIN_USER@gitops.local" \
  --admin --must-change-password=false 2>/dev/null || echo "user $GITEA_ADMIN_USER exists"

if git ls-remote "$AUTH_URL/$REPO.git" >/dev/null 2>&1; then
  echo "$REPO exists: nothing to seed"; exit 0
fi

work=$(mktemp -d)
cp -R /seed/config-repo/. "$work/"
cd "$work"
git init -q -b main
git -c user.name=gitops-seed -c user.email=seed@gitops.local add -A
git -c user.name=gitops-seed -c user.email=seed@gitops.local commit -q -m "Seed the config repository"
git push -q "$AUTH_URL/$REPO.git" main

curl -fsS -u "$GITEA_ADMIN_USER:$GITEA_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -X POST "$GITEA_URL/api/v1/repos/$REPO/hooks" \
  -d "{\"type\":\"gitea\",\"active\":true,\"events\":[\"push\"],\"config\":{\"url\":\"http://ingest:8081/webhooks/github\",\"content_type\":\"json\",\"secret\":\"$GITOPS_WEBHOOK_SECRET\"}}" \
  >/dev/null
echo "seeded $GITEA_URL/$REPO.git with a push webhook to ingest"
