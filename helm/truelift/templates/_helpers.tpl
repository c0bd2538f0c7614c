{{/*
Names, labels, images, the shared environment and the checks that stop a release with values
that cannot work (each message names the key, the value and what is expected).
*/}}

{{- define "truelift.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "truelift.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-<component>", kept within 63 characters. */}}
{{- define "truelift.componentName" -}}
{{- printf "%s-%s" (include "truelift.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-") .component -}}
{{- end -}}

{{- define "truelift.selectorLabels" -}}
app.kubernetes.io/name: {{ include "truelift.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "truelift.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "truelift.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: truelift
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* registry/repository:tag, the tag falling back to the chart's appVersion. */}}
{{- define "truelift.image" -}}
{{- $registry := .root.Values.global.imageRegistry -}}
{{- $repo := .image.repository -}}
{{- if not $repo -}}{{- fail (printf "%s.image.repository must be set" .key) -}}{{- end -}}
{{- $tag := default .root.Chart.AppVersion .image.tag -}}
{{- if $registry -}}{{ printf "%s/%s:%s" (trimSuffix "/" $registry) $repo $tag }}{{- else -}}{{ printf "%s:%s" $repo $tag }}{{- end -}}
{{- end -}}

{{- define "truelift.serviceAccountName" -}}
{{- if .sa.create -}}
{{- default (include "truelift.componentName" .) .sa.name -}}
{{- else -}}
{{- default "default" .sa.name -}}
{{- end -}}
{{- end -}}

{{- define "truelift.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{/*
Extra env entries from values: literal values are refused for names that look like secrets, so
that a password never lands in a manifest (use valueFrom.secretKeyRef or envFrom instead).
*/}}
{{- define "truelift.extraEnv" -}}
{{- range .env -}}
{{- if and (hasKey . "value") (regexMatch "(?i)(PASSWORD|SECRET|TOKEN|API_?KEY|CREDENTIAL|PRIVATE_KEY)" (toString .name)) }}
{{- fail (printf "%s.env: %s is given as a literal value; secrets must come from an existing Secret (valueFrom.secretKeyRef or envFrom)" $.key .name) }}
{{- end }}

- {{ toYaml . | nindent 2 | trim }}
{{- end -}}
{{- end -}}

{{/* Kafka bootstrap servers, topic names and the client properties file (TLS/SASL). */}}
{{- define "truelift.kafkaEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: TRUELIFT_SHOPPING_EVENTS_TOPIC
  value: {{ .Values.kafka.topics.shoppingEvents | quote }}
- name: TRUELIFT_MARKET_EVENTS_TOPIC
  value: {{ .Values.kafka.topics.marketEvents | quote }}
- name: TRUELIFT_WINDOWED_STATS_TOPIC
  value: {{ .Values.kafka.topics.windowedStats | quote }}
- name: TRUELIFT_ALERTS_TOPIC
  value: {{ .Values.kafka.topics.alerts | quote }}
- name: TRUELIFT_USER_ACTIONS_TOPIC
  value: {{ .Values.kafka.topics.userActions | quote }}
- name: TRUELIFT_DEAD_LETTER_TOPIC
  value: {{ .Values.kafka.topics.deadLetters | quote }}
{{- if .Values.kafka.clientConfig.existingSecret }}
- name: TRUELIFT_KAFKA_CLIENT_PROPERTIES
  value: {{ printf "/etc/truelift/kafka/%s" .Values.kafka.clientConfig.propertiesKey | quote }}
{{- end }}
{{- end -}}

{{/* Temporal address, namespace, (with tls.enabled) the TEMPORAL_TLS_* client settings and the API key. */}}
{{- define "truelift.temporalEnv" -}}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls.enabled }}
- name: TEMPORAL_TLS
  value: "true"
- name: TEMPORAL_TLS_CLIENT_CERT_PATH
  value: {{ printf "/etc/truelift/temporal/%s" .Values.temporal.tls.certKey | quote }}
- name: TEMPORAL_TLS_CLIENT_KEY_PATH
  value: {{ printf "/etc/truelift/temporal/%s" .Values.temporal.tls.keyKey | quote }}
{{- if .Values.temporal.tls.caKey }}
- name: TEMPORAL_TLS_SERVER_CA_CERT_PATH
  value: {{ printf "/etc/truelift/temporal/%s" .Values.temporal.tls.caKey | quote }}
{{- end }}
{{- if .Values.temporal.tls.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ .Values.temporal.tls.serverName | quote }}
{{- end }}
{{- end }}
{{- if .Values.temporal.apiKey.existingSecret }}
- name: TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.temporal.apiKey.existingSecret | quote }}
      key: {{ .Values.temporal.apiKey.key | quote }}
{{- end }}
{{- end -}}

{{/* The JDBC URL and the credentials, the latter only from the existing Secret. */}}
{{- define "truelift.databaseEnv" -}}
- name: TRUELIFT_JDBC_URL
  value: {{ .Values.database.jdbcUrl | quote }}
- name: TRUELIFT_JDBC_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.userKey }}
- name: TRUELIFT_JDBC_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
{{- end -}}

{{- define "truelift.gcpEnv" -}}
{{- if .Values.gcp.project }}
- name: GOOGLE_CLOUD_PROJECT
  value: {{ .Values.gcp.project | quote }}
{{- end }}
{{- if .Values.gcp.credentials.existingSecret }}
- name: GOOGLE_APPLICATION_CREDENTIALS
  value: {{ printf "/etc/truelift/gcp/%s" .Values.gcp.credentials.key | quote }}
{{- end }}
{{- if .Values.bigquery.enabled }}
- name: TRUELIFT_BIGQUERY_PROJECT
  value: {{ default .Values.gcp.project .Values.bigquery.project | quote }}
- name: TRUELIFT_BIGQUERY_DATASET
  value: {{ .Values.bigquery.dataset | quote }}
{{- end }}
{{- end -}}

{{/* Volumes for the mounted secrets, as needed by a component ("kafka", "temporal", "gcp"). */}}
{{- define "truelift.secretVolumes" -}}
- name: tmp
  emptyDir: {}
{{- if and (has "kafka" .needs) .root.Values.kafka.clientConfig.existingSecret }}
- name: kafka-client
  secret:
    secretName: {{ .root.Values.kafka.clientConfig.existingSecret }}
{{- end }}
{{- if and (has "temporal" .needs) .root.Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ .root.Values.temporal.tls.existingSecret }}
{{- end }}
{{- if and (has "gcp" .needs) .root.Values.gcp.credentials.existingSecret }}
- name: gcp-credentials
  secret:
    secretName: {{ .root.Values.gcp.credentials.existingSecret }}
{{- end }}
{{- end -}}

{{- define "truelift.secretMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and (has "kafka" .needs) .root.Values.kafka.clientConfig.existingSecret }}
- name: kafka-client
  mountPath: /etc/truelift/kafka
  readOnly: true
{{- end }}
{{- if and (has "temporal" .needs) .root.Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: /etc/truelift/temporal
  readOnly: true
{{- end }}
{{- if and (has "gcp" .needs) .root.Values.gcp.credentials.existingSecret }}
- name: gcp-credentials
  mountPath: /etc/truelift/gcp
  readOnly: true
{{- end }}
{{- end -}}

{{/* Spread a component's pods over nodes unless the values give an affinity. */}}
{{- define "truelift.affinity" -}}
{{- if .affinity }}
affinity:
  {{- toYaml .affinity | nindent 2 }}
{{- else }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "truelift.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end -}}

{{/* Replicas, autoscaling and disruption budget must fit together. */}}
{{- define "truelift.validateScaling" -}}
{{- $v := .values -}}
{{- if lt (int $v.replicaCount) 1 -}}
{{- fail (printf "%s.replicaCount must be >= 1, got %v" .key $v.replicaCount) -}}
{{- end -}}
{{- if $v.autoscaling.enabled -}}
{{- if lt (int $v.autoscaling.minReplicas) 1 -}}
{{- fail (printf "%s.autoscaling.minReplicas must be >= 1, got %v" .key $v.autoscaling.minReplicas) -}}
{{- end -}}
{{- if gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%v) must be <= maxReplicas (%v)" .key $v.autoscaling.minReplicas $v.autoscaling.maxReplicas) -}}
{{- end -}}
{{- end -}}
{{- if $v.pdb.enabled -}}
{{- $floor := ternary (int $v.autoscaling.minReplicas) (int $v.replicaCount) $v.autoscaling.enabled -}}
{{- if ge (int $v.pdb.minAvailable) $floor -}}
{{- fail (printf "%s.pdb.minAvailable (%v) must be below the smallest replica count (%v), or no node could ever be drained; lower it or raise the replicas" .key $v.pdb.minAvailable $floor) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Every check of values that cannot work; called once from NOTES-independent templates. */}}
{{- define "truelift.validate" -}}
{{- $v := .Values -}}
{{- if not (regexMatch "^[^,\\s]+:[0-9]+(,[^,\\s]+:[0-9]+)*$" $v.kafka.bootstrapServers) -}}
{{- fail (printf "kafka.bootstrapServers must be host:port[,host:port...], got %q" $v.kafka.bootstrapServers) -}}
{{- end -}}
{{- if or $v.api.enabled $v.worker.enabled -}}
{{- if not (regexMatch "^[^:\\s]+:[0-9]+$" $v.temporal.address) -}}
{{- fail (printf "temporal.address must be host:port (the Temporal frontend), got %q" $v.temporal.address) -}}
{{- end -}}
{{- if not $v.temporal.namespace -}}
{{- fail "temporal.namespace must not be empty" -}}
{{- end -}}
{{- if and $v.temporal.tls.enabled (not $v.temporal.tls.existingSecret) -}}
{{- fail "temporal.tls.enabled needs temporal.tls.existingSecret: the Secret with the client certificate and key" -}}
{{- end -}}
{{- end -}}
{{- /* The pipeline writes windowed_sales and alerts there and reads the model registry. */ -}}
{{- if or $v.api.enabled $v.worker.enabled $v.pipeline.enabled $v.catalogFeed.enabled -}}
{{- if not (hasPrefix "jdbc:postgresql://" $v.database.jdbcUrl) -}}
{{- fail (printf "database.jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), got %q; the embedded H2 is for the devstack only" $v.database.jdbcUrl) -}}
{{- end -}}
{{- if regexMatch "(?i)password=" $v.database.jdbcUrl -}}
{{- fail "database.jdbcUrl must not contain a password; it comes from database.existingSecret" -}}
{{- end -}}
{{- if not $v.database.existingSecret -}}
{{- fail "database.existingSecret is required: an existing Secret with the database user and password (keys database.userKey, database.passwordKey)" -}}
{{- end -}}
{{- end -}}
{{- if $v.api.enabled -}}
{{- include "truelift.validateScaling" (dict "key" "api" "values" $v.api) -}}
{{- if gt (int $v.api.databasePool.minSize) (int $v.api.databasePool.maxSize) -}}
{{- fail (printf "api.databasePool.minSize (%v) must be <= maxSize (%v)" $v.api.databasePool.minSize $v.api.databasePool.maxSize) -}}
{{- end -}}
{{- if and $v.api.ingress.enabled (not $v.api.ingress.host) -}}
{{- fail "api.ingress.host is required when api.ingress.enabled" -}}
{{- end -}}
{{- end -}}
{{- if $v.worker.enabled -}}
{{- include "truelift.validateScaling" (dict "key" "worker" "values" $v.worker) -}}
{{- end -}}
{{- if $v.bigquery.enabled -}}
{{- if not $v.bigquery.dataset -}}
{{- fail "bigquery.dataset is required when bigquery.enabled" -}}
{{- end -}}
{{- if not (or $v.bigquery.project $v.gcp.project) -}}
{{- fail "bigquery.enabled needs bigquery.project or gcp.project" -}}
{{- end -}}
{{- end -}}
{{- if $v.pipeline.enabled -}}
{{- $p := $v.pipeline -}}
{{- if not (has $p.runner (list "flink" "dataflow")) -}}
{{- fail (printf "pipeline.runner must be flink or dataflow, got %q" $p.runner) -}}
{{- end -}}
{{- if not (has $p.history.source (list "generate" "existingClaim")) -}}
{{- fail (printf "pipeline.history.source must be generate or existingClaim, got %q" $p.history.source) -}}
{{- end -}}
{{- if and (eq $p.history.source "existingClaim") (not $p.history.existingClaim) -}}
{{- fail "pipeline.history.existingClaim is required when pipeline.history.source is existingClaim" -}}
{{- end -}}
{{- if hasKey $p.options "historyFile" -}}
{{- if not (and (eq $p.runner "dataflow") (eq $p.dataflow.launcher "flexTemplate")) -}}
{{- fail "pipeline.options.historyFile is set by the chart from pipeline.history; remove it (it is only for the flexTemplate launcher)" -}}
{{- end -}}
{{- end -}}
{{- range $name, $value := $p.options -}}
{{- if has $name (list "jdbcPassword" "modelRegistryPassword") -}}
{{- fail (printf "pipeline.options.%s: passwords come from database.existingSecret (TRUELIFT_JDBC_PASSWORD), never from values" $name) -}}
{{- end -}}
{{- if eq $name "modelRegistryUrl" -}}
{{- fail "pipeline.options.modelRegistryUrl is set by the chart: the registry is database.jdbcUrl when worker.retraining.modelsClaim is set, none otherwise" -}}
{{- end -}}
{{- if has $name (list "runner" "bootstrapServers" "streaming" "project" "region" "tempLocation" "jobName" "flinkMaster" "parallelism") -}}
{{- fail (printf "pipeline.options.%s is set by the chart; use the pipeline.flink or pipeline.dataflow values instead" $name) -}}
{{- end -}}
{{- end -}}
{{- if eq $p.runner "flink" -}}
{{- if not (has $p.flink.upgradeMode (list "stateless" "last-state" "savepoint")) -}}
{{- fail (printf "pipeline.flink.upgradeMode must be stateless, last-state or savepoint, got %q" $p.flink.upgradeMode) -}}
{{- end -}}
{{- if and (ne $p.flink.upgradeMode "stateless") (or (not $p.flink.checkpointDir) (not $p.flink.savepointDir)) -}}
{{- fail (printf "pipeline.flink.upgradeMode %s keeps state across upgrades and needs pipeline.flink.checkpointDir and pipeline.flink.savepointDir (durable storage such as s3:// or gs://); or use upgradeMode stateless" $p.flink.upgradeMode) -}}
{{- end -}}
{{- if lt (int $p.flink.parallelism) 1 -}}
{{- fail (printf "pipeline.flink.parallelism must be >= 1, got %v" $p.flink.parallelism) -}}
{{- end -}}
{{- if lt (int $p.flink.taskSlots) 1 -}}
{{- fail (printf "pipeline.flink.taskSlots must be >= 1, got %v" $p.flink.taskSlots) -}}
{{- end -}}
{{- if not (regexMatch "^v[0-9]+_[0-9]+$" $p.flink.flinkVersion) -}}
{{- fail (printf "pipeline.flink.flinkVersion must look like v1_19, got %q" $p.flink.flinkVersion) -}}
{{- end -}}
{{- end -}}
{{- if eq $p.runner "dataflow" -}}
{{- $d := $p.dataflow -}}
{{- if not (has $d.launcher (list "java" "flexTemplate")) -}}
{{- fail (printf "pipeline.dataflow.launcher must be java or flexTemplate, got %q" $d.launcher) -}}
{{- end -}}
{{- if not $d.region -}}
{{- fail "pipeline.dataflow.region is required with pipeline.runner dataflow" -}}
{{- end -}}
{{- if not (or $d.project $v.gcp.project) -}}
{{- fail "pipeline.runner dataflow needs pipeline.dataflow.project or gcp.project" -}}
{{- end -}}
{{- if not (hasPrefix "gs://" $d.tempLocation) -}}
{{- fail (printf "pipeline.dataflow.tempLocation must be a gs:// path, got %q" $d.tempLocation) -}}
{{- end -}}
{{- if and $d.stagingLocation (not (hasPrefix "gs://" $d.stagingLocation)) -}}
{{- fail (printf "pipeline.dataflow.stagingLocation must be a gs:// path, got %q" $d.stagingLocation) -}}
{{- end -}}
{{- if not (has (toString $d.update) (list "auto" "true" "false")) -}}
{{- fail (printf "pipeline.dataflow.update must be auto, true or false, got %v" $d.update) -}}
{{- end -}}
{{- if gt (int $d.numWorkers) (int $d.maxNumWorkers) -}}
{{- fail (printf "pipeline.dataflow.numWorkers (%v) must be <= maxNumWorkers (%v)" $d.numWorkers $d.maxNumWorkers) -}}
{{- end -}}
{{- if eq $d.launcher "flexTemplate" -}}
{{- if not (hasPrefix "gs://" $d.templateFileGcsLocation) -}}
{{- fail (printf "pipeline.dataflow.templateFileGcsLocation must be the gs:// path of the flex template spec, got %q" $d.templateFileGcsLocation) -}}
{{- end -}}
{{- if not (hasKey $p.options "historyFile") -}}
{{- fail "pipeline.dataflow.launcher flexTemplate runs the pipeline's main on Dataflow's launcher VM, where the chart mounts nothing: set pipeline.options.historyFile to a path readable there" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $v.catalogFeed.enabled -}}
{{- $f := $v.catalogFeed -}}
{{- if not (has $f.source (list "existingClaim" "configMap")) -}}
{{- fail (printf "catalogFeed.source must be existingClaim or configMap, got %q" $f.source) -}}
{{- end -}}
{{- if and (eq $f.source "existingClaim") (not $f.existingClaim) -}}
{{- fail "catalogFeed.existingClaim is required when catalogFeed.enabled and catalogFeed.source is existingClaim: an existing PersistentVolumeClaim holding products.csv and promotions.csv (or use source configMap)" -}}
{{- end -}}
{{- if and (eq $f.source "configMap") (not $f.configMap) -}}
{{- fail "catalogFeed.configMap is required when catalogFeed.enabled and catalogFeed.source is configMap: an existing ConfigMap with the keys products.csv and promotions.csv" -}}
{{- end -}}
{{- if and (eq $f.source "configMap") $f.path -}}
{{- fail (printf "catalogFeed.path is a directory inside catalogFeed.existingClaim; a ConfigMap's keys are mounted flat, remove it (got %q)" $f.path) -}}
{{- end -}}
{{- if or (hasPrefix "/" $f.path) (has ".." (splitList "/" $f.path)) -}}
{{- fail (printf "catalogFeed.path must be relative to the claim's root, without \"..\", got %q" $f.path) -}}
{{- end -}}
{{- if and $f.schedule (not (regexMatch "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+( +\\S+){4})$" $f.schedule)) -}}
{{- fail (printf "catalogFeed.schedule must be a cron expression of five fields (e.g. \"30 5 * * *\") or @daily, @hourly...; got %q" $f.schedule) -}}
{{- end -}}
{{- end -}}
{{- if $v.simulator.enabled -}}
{{- if not (has $v.simulator.scenario (list "demo" "e2e" "none")) -}}
{{- fail (printf "simulator.scenario must be demo, e2e or none, got %q" $v.simulator.scenario) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The pipeline's options as --name=value arguments (sorted, so renders are stable). */}}
{{- define "truelift.pipelineOptionArgs" -}}
{{- range $name := keys .Values.pipeline.options | sortAlpha }}
- {{ printf "--%s=%v" $name (index $.Values.pipeline.options $name) | quote }}
{{- end }}
{{- end -}}

{{/* The history file's path inside the pipeline's pod. */}}
{{- define "truelift.historyFile" -}}
{{- if eq .Values.pipeline.history.source "existingClaim" -}}
{{- printf "/data/history/%s" .Values.pipeline.history.path -}}
{{- else -}}
/data/history/history.jsonl
{{- end -}}
{{- end -}}

{{/* Volume and init container that provide the history file. */}}
{{- define "truelift.historyVolume" -}}
- name: history
{{- if eq .Values.pipeline.history.source "existingClaim" }}
  persistentVolumeClaim:
    claimName: {{ .Values.pipeline.history.existingClaim }}
    readOnly: true
{{- else }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{- define "truelift.historyInitContainers" -}}
{{- if eq .Values.pipeline.history.source "generate" }}
- name: generate-history
  image: {{ include "truelift.image" (dict "root" . "image" .Values.simulator.image "key" "simulator") }}
  imagePullPolicy: {{ .Values.simulator.image.pullPolicy }}
  args:
    - --mode
    - history
    - --days
    - {{ .Values.pipeline.history.days | quote }}
    - --seed
    - {{ .Values.pipeline.history.seed | quote }}
    - --out
    - /data/history/history.jsonl
  env:
    - name: JAVA_TOOL_OPTIONS
      value: {{ .Values.pipeline.javaOpts | quote }}
  securityContext:
    {{- toYaml .Values.containerSecurityContext | nindent 4 }}
  resources:
    requests:
      cpu: 500m
      memory: 512Mi
    limits:
      memory: 512Mi
  volumeMounts:
    - name: history
      mountPath: /data/history
    - name: tmp
      mountPath: /tmp
{{- end }}
{{- end -}}

{{/*
The pod template of a Flink JobManager (jobManager true: it runs main, so it also gets the history
file) or TaskManager.
*/}}
{{- define "truelift.flinkPodTemplate" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Pod
metadata:
  labels:
    {{- include "truelift.labels" (dict "root" $root "component" "pipeline") | nindent 4 }}
spec:
  {{- include "truelift.imagePullSecrets" $root | nindent 2 }}
  securityContext:
    # The Flink image's own user (flink, 9999); never root.
    runAsUser: 9999
    runAsGroup: 9999
    fsGroup: 9999
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  {{- if and .jobManager (eq $root.Values.pipeline.history.source "generate") }}
  initContainers:
    {{- include "truelift.historyInitContainers" $root | nindent 4 }}
  {{- end }}
  containers:
    # The operator fills in Flink's command, ports and resources for this container.
    - name: flink-main-container
      env:
        {{- include "truelift.kafkaEnv" $root | nindent 8 }}
        {{- /* The pipeline's options default to these: sinks and model registry (EnvDefaults). */}}
        {{- include "truelift.databaseEnv" $root | nindent 8 }}
        {{- include "truelift.gcpEnv" $root | nindent 8 }}
        {{- include "truelift.extraEnv" (dict "env" $root.Values.pipeline.env "key" "pipeline") | nindent 8 }}
      securityContext:
        # Flink writes its logs and configuration under /opt/flink: the root filesystem stays writable.
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
      volumeMounts:
        {{- include "truelift.secretMounts" (dict "root" $root "needs" (list "kafka" "gcp")) | nindent 8 }}
        {{- if .jobManager }}
        - name: history
          mountPath: /data/history
          readOnly: {{ eq $root.Values.pipeline.history.source "existingClaim" }}
        {{- end }}
        {{- include "truelift.modelsMount" (dict "root" $root "readOnly" true) | nindent 8 }}
  volumes:
    {{- include "truelift.secretVolumes" (dict "root" $root "needs" (list "kafka" "gcp")) | nindent 4 }}
    {{- if .jobManager }}
    {{- include "truelift.historyVolume" $root | nindent 4 }}
    {{- end }}
    {{- include "truelift.modelsVolume" $root | nindent 4 }}
  {{- with $root.Values.pipeline.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $root.Values.pipeline.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}


{{/*
The model artifacts (worker.retraining.modelsClaim): the registry's artifact URIs are file paths
under this directory, the same in every pod that writes (the worker, the initial-model hook) or
reads them (the API's what-if, the Flink pipeline). Nothing without the claim.
*/}}
{{- define "truelift.modelsDir" -}}
/var/lib/truelift/models
{{- end -}}

{{- define "truelift.modelsMount" -}}
{{- if .root.Values.worker.retraining.modelsClaim }}
- name: models
  mountPath: {{ include "truelift.modelsDir" .root }}
  readOnly: {{ .readOnly }}
{{- end }}
{{- end -}}

{{- define "truelift.modelsVolume" -}}
{{- with .Values.worker.retraining.modelsClaim }}
- name: models
  persistentVolumeClaim:
    claimName: {{ . }}
{{- end }}
{{- end -}}

{{/*
The catalog feed (catalogFeed): the directory FeedLoader reads inside its pod, and the pod of the
hook Job and the CronJob. The feed is mounted read-only at /data/feed: an existing claim (the two
files under catalogFeed.path) or an existing ConfigMap (keys products.csv and promotions.csv).
*/}}
{{- define "truelift.catalogFeedDir" -}}
{{- $f := .Values.catalogFeed -}}
{{- if and (eq $f.source "existingClaim") (trimAll "/" $f.path) -}}
{{- printf "/data/feed/%s" (trimAll "/" $f.path) -}}
{{- else -}}
/data/feed
{{- end -}}
{{- end -}}

{{- define "truelift.catalogFeedPodSpec" -}}
{{- $f := .Values.catalogFeed -}}
restartPolicy: Never
# No Kubernetes API access is needed.
automountServiceAccountToken: false
{{- include "truelift.imagePullSecrets" . | nindent 0 }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
containers:
  - name: load-feed
    # The pipeline's launcher image: its classpath holds the sql module and the PostgreSQL driver.
    image: {{ include "truelift.image" (dict "root" . "image" .Values.pipeline.image "key" "pipeline") }}
    imagePullPolicy: {{ .Values.pipeline.image.pullPolicy }}
    command: ["java", "@/app/jvm.args", "io.truelift.sql.FeedLoader"]
    args:
      - --migrate
      - {{ include "truelift.catalogFeedDir" . | quote }}
    env:
      - name: JAVA_TOOL_OPTIONS
        value: {{ $f.javaOpts | quote }}
      # FeedLoader's database defaults: the password from the Secret, never an argument.
      {{- include "truelift.databaseEnv" . | nindent 6 }}
    resources:
      {{- toYaml $f.resources | nindent 6 }}
    securityContext:
      {{- toYaml .Values.containerSecurityContext | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      - name: feed
        mountPath: /data/feed
        readOnly: true
volumes:
  - name: tmp
    emptyDir: {}
  - name: feed
    {{- if eq $f.source "existingClaim" }}
    persistentVolumeClaim:
      claimName: {{ $f.existingClaim }}
      readOnly: true
    {{- else }}
    configMap:
      name: {{ $f.configMap }}
    {{- end }}
{{- end -}}
