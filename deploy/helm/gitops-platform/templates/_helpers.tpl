{{/*
The five services: values key -> service name, environment prefix of its @ConfigMapping (gitops.<prefix>.*), and
whether it talks to the Kubernetes API at all.
*/}}
{{- define "gitops.components" -}}
ingest:
  name: ingest
  envPrefix: GITOPS_INGEST
  writableWorkDir: false
buildOrchestrator:
  name: build-orchestrator
  envPrefix: GITOPS_BUILD
  writableWorkDir: true
configBumper:
  name: config-bumper
  envPrefix: GITOPS_BUMPER
  writableWorkDir: true
syncEngine:
  name: sync-engine
  envPrefix: GITOPS_SYNC
  writableWorkDir: true
healthVerifier:
  name: health-verifier
  envPrefix: GITOPS_HEALTH
  writableWorkDir: false
{{- end -}}

{{/* Prefix of every object name: the release name unless fullnameOverride is set. */}}
{{- define "gitops.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's objects: <fullname>-<service>. Call with (dict "root" $ "name" "ingest"). */}}
{{- define "gitops.componentName" -}}
{{- printf "%s-%s" (include "gitops.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gitops.chartLabel" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of a component. Call with (dict "root" $ "name" "ingest"). */}}
{{- define "gitops.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* All labels of a component. The Prometheus job label is app.kubernetes.io/name (ServiceMonitor jobLabel). */}}
{{- define "gitops.labels" -}}
{{ include "gitops.selectorLabels" . }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/part-of: gitops-platform
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Values.image.tag | trunc 63 | quote }}
helm.sh/chart: {{ include "gitops.chartLabel" .root }}
{{- end -}}

{{/* Labels of objects that belong to the platform as a whole. */}}
{{- define "gitops.commonLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: gitops-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "gitops.chartLabel" . }}
{{- end -}}

{{/* The image of a component: <registry>/<name>:<full commit SHA>. Fails on a missing or non-SHA tag. */}}
{{- define "gitops.image" -}}
{{- $tag := required "image.tag is required: the full 40-character commit SHA the images were built from" .root.Values.image.tag -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag must not be 'latest': use the full commit SHA" -}}
{{- end -}}
{{- if and .root.Values.image.requireCommitSha (not (regexMatch "^[0-9a-f]{40}$" $tag)) -}}
{{- fail (printf "image.tag must be a full 40-character commit SHA, got %q (image.requireCommitSha=false to allow it)" $tag) -}}
{{- end -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .name $tag -}}
{{- else -}}
{{- printf "%s:%s" .name $tag -}}
{{- end -}}
{{- end -}}

{{/* Namespaces the health verifier watches. */}}
{{- define "gitops.healthNamespaces" -}}
{{- if .Values.healthVerifier.namespaces -}}
{{- join "," .Values.healthVerifier.namespaces -}}
{{- else -}}
{{- join "," .Values.syncEngine.managedNamespaces -}}
{{- end -}}
{{- end -}}

{{/* Whether a component talks to the Kubernetes API (only then is its service account token mounted). */}}
{{- define "gitops.talksToCluster" -}}
{{- if or (eq .key "syncEngine") (eq .key "healthVerifier") -}}
true
{{- else if and (eq .key "buildOrchestrator") .root.Values.buildOrchestrator.kubernetesExecutor.enabled -}}
true
{{- end -}}
{{- end -}}

{{/*
The Kafka client environment of every service (values kafka.*): KAFKA_BOOTSTRAP_SERVERS and, when set, the
standard security settings as KAFKA_<PROPERTY> (Quarkus' default-kafka-broker map, which the SmallRye channels and
KafkaClientSettings.from both read, turns KAFKA_SECURITY_PROTOCOL into security.protocol). Secrets only by
secretKeyRef; store files from the volumes of "gitops.kafkaVolumes".
*/}}
{{- define "gitops.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
{{- with $k.securityProtocol }}
{{- if not (has . (list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL")) }}
{{- fail (printf "kafka.securityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got %q" .) }}
{{- end }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ . | quote }}
{{- end }}
{{- with $k.saslMechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
{{- end }}
{{- with $k.saslJaasConfig.existingSecret }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ required "kafka.saslJaasConfig.key is required with kafka.saslJaasConfig.existingSecret" $k.saslJaasConfig.key }}
{{- end }}
{{- with $k.saslClientCallbackHandlerClass }}
- name: KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS
  value: {{ . | quote }}
{{- end }}
{{- range $store := list "truststore" "keystore" }}
{{- $s := get $k.ssl $store }}
{{- if $s.existingSecret }}
{{- $var := printf "KAFKA_SSL_%s" (upper $store) }}
- name: {{ $var }}_LOCATION
  value: {{ printf "/etc/gitops/kafka/%s/%s" $store (required (printf "kafka.ssl.%s.file is required with kafka.ssl.%s.existingSecret" $store $store) $s.file) | quote }}
{{- with $s.type }}
- name: {{ $var }}_TYPE
  value: {{ . | quote }}
{{- end }}
{{- with $s.passwordKey }}
- name: {{ $var }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.existingSecret }}
      key: {{ . }}
{{- end }}
{{- if and (eq $store "keystore") $s.keyPasswordKey }}
- name: KAFKA_SSL_KEY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.existingSecret }}
      key: {{ $s.keyPasswordKey }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $value := $k.properties }}
{{- if or (hasPrefix "bootstrap." $name) (has $name (list "security.protocol" "sasl.mechanism" "sasl.jaas.config")) (contains "password" $name) }}
{{- fail (printf "kafka.properties.%s: set it with its own kafka.* value (secrets come from a Secret)" $name) }}
{{- end }}
- name: {{ printf "KAFKA_%s" ($name | upper | replace "." "_" | replace "-" "_") }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The Secrets holding the Kafka trust and key stores, as volumes or mounts. Call with (dict "root" $ "part" "volumes"|"mounts"). */}}
{{- define "gitops.kafkaVolumes" -}}
{{- $ssl := .root.Values.kafka.ssl -}}
{{- range $store := list "truststore" "keystore" }}
{{- $s := get $ssl $store }}
{{- if $s.existingSecret }}
{{- if eq $.part "volumes" }}
- name: kafka-{{ $store }}
  secret:
    secretName: {{ $s.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ $s.file }}
        path: {{ $s.file }}
{{- else }}
- name: kafka-{{ $store }}
  mountPath: /etc/gitops/kafka/{{ $store }}
  readOnly: true
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Service-specific environment. Call with (dict "root" $ "key" "ingest" "c" $component). Every GITOPS_* name here
is a key of the service's @ConfigMapping (checked by deploy-tests' ConfigKeysTest).
*/}}
{{- define "gitops.env" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- if eq .key "ingest" }}
- name: GITOPS_INGEST_SECRET_FILES
  value: {{ $files := list }}{{ range $c.webhookSecret.keys }}{{ $files = append $files (printf "/etc/gitops/webhook/%s" .) }}{{ end }}{{ join "," $files | quote }}
{{- else if eq .key "buildOrchestrator" }}
- name: GITOPS_BUILD_CONFIG_REPO_URL
  value: {{ $c.configRepo.url | quote }}
- name: GITOPS_BUILD_CONFIG_REPO_NAME
  value: {{ $c.configRepo.name | quote }}
- name: GITOPS_BUILD_CONFIG_REPO_BRANCH
  value: {{ $c.configRepo.branch | quote }}
- name: GITOPS_BUILD_WORK_DIR
  value: /var/lib/gitops
- name: AWS_REGION
  value: {{ $c.aws.region | quote }}
{{- if $c.gitCredentials.existingSecret }}
- name: GITOPS_BUILD_GIT_USERNAME
  value: {{ $c.gitCredentials.username | quote }}
- name: GITOPS_BUILD_GIT_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.gitCredentials.existingSecret }}
      key: token
- name: GITOPS_BUILD_CONFIG_REPO_USERNAME
  value: {{ $c.gitCredentials.username | quote }}
- name: GITOPS_BUILD_CONFIG_REPO_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.gitCredentials.existingSecret }}
      key: token
{{- end }}
{{- if $c.sonarqube.url }}
- name: GITOPS_BUILD_SONARQUBE_URL
  value: {{ $c.sonarqube.url | quote }}
{{- end }}
{{- if $c.sonarqube.existingSecret }}
- name: GITOPS_BUILD_SONARQUBE_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.sonarqube.existingSecret }}
      key: token
{{- end }}
{{- if $c.kubernetesExecutor.enabled }}
- name: GITOPS_BUILD_KUBERNETES_NAMESPACE
  value: {{ $c.kubernetesExecutor.namespace | quote }}
{{- if $c.kubernetesExecutor.gitCredentialsSecretName }}
- name: GITOPS_BUILD_KUBERNETES_GIT_CREDENTIALS_SECRET_NAME
  value: {{ $c.kubernetesExecutor.gitCredentialsSecretName | quote }}
{{- end }}
{{- $k := $c.kubernetesExecutor }}
{{- if not (contains "@sha256:" $k.buildImage) }}
{{- fail "buildOrchestrator.kubernetesExecutor.buildImage must be pinned by digest (name:tag@sha256:...)" }}
{{- end }}
- name: GITOPS_BUILD_KUBERNETES_BUILD_IMAGE
  value: {{ $k.buildImage | quote }}
{{- if $k.registryAuthSecretName }}
- name: GITOPS_BUILD_KUBERNETES_REGISTRY_AUTH_SECRET_NAME
  value: {{ $k.registryAuthSecretName | quote }}
{{- end }}
{{- if $k.buildServiceAccountName }}
- name: GITOPS_BUILD_KUBERNETES_BUILD_SERVICE_ACCOUNT_NAME
  value: {{ $k.buildServiceAccountName | quote }}
{{- end }}
{{- if $k.sonarTokenSecretName }}
- name: GITOPS_BUILD_KUBERNETES_SONAR_TOKEN_SECRET_NAME
  value: {{ $k.sonarTokenSecretName | quote }}
{{- end }}
- name: GITOPS_BUILD_KUBERNETES_RUN_AS_USER
  value: {{ $k.runAsUser | quote }}
{{- range $kind := list "checkout" "command" "build" }}
{{- $r := get $k.resources $kind }}
- name: GITOPS_BUILD_KUBERNETES_RESOURCES_{{ upper $kind }}_CPU_REQUEST
  value: {{ $r.requests.cpu | quote }}
- name: GITOPS_BUILD_KUBERNETES_RESOURCES_{{ upper $kind }}_MEMORY_REQUEST
  value: {{ $r.requests.memory | quote }}
- name: GITOPS_BUILD_KUBERNETES_RESOURCES_{{ upper $kind }}_CPU_LIMIT
  value: {{ $r.limits.cpu | quote }}
- name: GITOPS_BUILD_KUBERNETES_RESOURCES_{{ upper $kind }}_MEMORY_LIMIT
  value: {{ $r.limits.memory | quote }}
{{- end }}
{{- end }}
{{- else if eq .key "configBumper" }}
- name: GITOPS_BUMPER_REPO_URL
  value: {{ $c.configRepo.url | quote }}
- name: GITOPS_BUMPER_REPO_BRANCH
  value: {{ $c.configRepo.branch | quote }}
{{- if $c.configRepo.name }}
- name: GITOPS_BUMPER_REPO_NAME
  value: {{ $c.configRepo.name | quote }}
- name: GITOPS_BUMPER_GITHUB_REPOSITORY
  value: {{ $c.configRepo.name | quote }}
{{- end }}
- name: GITOPS_BUMPER_WORK_DIR
  value: /var/lib/gitops
- name: GITOPS_BUMPER_GITHUB_APP_ID
  value: {{ $c.githubApp.appId | quote }}
- name: GITOPS_BUMPER_GITHUB_INSTALLATION_ID
  value: {{ $c.githubApp.installationId | quote }}
- name: GITOPS_BUMPER_GITHUB_PRIVATE_KEY_FILE
  value: /etc/gitops/github-app/private-key.pem
{{- else if eq .key "syncEngine" }}
- name: GITOPS_SYNC_REPO_URL
  value: {{ $c.configRepo.url | quote }}
- name: GITOPS_SYNC_REPO_BRANCH
  value: {{ $c.configRepo.branch | quote }}
{{- if $c.configRepo.name }}
- name: GITOPS_SYNC_REPO_NAME
  value: {{ $c.configRepo.name | quote }}
{{- end }}
{{- if $c.configRepo.existingSecret }}
- name: GITOPS_SYNC_REPO_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.configRepo.existingSecret }}
      key: token
{{- end }}
- name: GITOPS_SYNC_WORK_DIR
  value: /var/lib/gitops
- name: GITOPS_SYNC_HISTORY_NAMESPACE
  value: {{ $root.Release.Namespace | quote }}
- name: GITOPS_SYNC_CREATE_NAMESPACES
  value: {{ $c.createNamespaces | default false | quote }}
{{- end }}
{{- end -}}

{{/* Service-specific volumes and mounts. Call with (dict "root" $ "key" "ingest" "c" $component "part" "volumes"|"mounts"). */}}
{{- define "gitops.volumes" -}}
{{- $c := .c -}}
{{- if eq .part "volumes" }}
{{- if eq .key "ingest" }}
- name: webhook-secret
  secret:
    secretName: {{ required "ingest.webhookSecret.existingSecret is required: webhook secrets come from a Secret" $c.webhookSecret.existingSecret }}
    defaultMode: 0440
    items:
{{- range $c.webhookSecret.keys }}
      - key: {{ . }}
        path: {{ . }}
{{- end }}
{{- else if eq .key "configBumper" }}
- name: github-app
  secret:
    secretName: {{ required "configBumper.githubApp.existingSecret is required: the GitHub App key comes from a Secret" $c.githubApp.existingSecret }}
    defaultMode: 0440
    items:
      - key: private-key.pem
        path: private-key.pem
{{- end }}
{{- else }}
{{- if eq .key "ingest" }}
- name: webhook-secret
  mountPath: /etc/gitops/webhook
  readOnly: true
{{- else if eq .key "configBumper" }}
- name: github-app
  mountPath: /etc/gitops/github-app
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}
