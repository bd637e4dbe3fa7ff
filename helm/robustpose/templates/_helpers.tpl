{{/* The installation's Kafka prefix (TopicNames.java: letters, digits, '.', '_', '-'; at most 100) */}}
{{- define "robustpose.kafkaPrefix" -}}
{{- $p := .Values.kafka.prefix | default "robustpose" -}}
{{- if not (regexMatch "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$" $p) -}}
{{- fail (printf "kafka.prefix %q: 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit" $p) -}}
{{- end -}}
{{- $p -}}
{{- end }}

{{/* Names */}}
{{- define "robustpose.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "robustpose.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-<suffix>", within 63 characters */}}
{{- define "robustpose.componentName" -}}
{{- printf "%s-%s" (include "robustpose.fullname" .root) .suffix | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "robustpose.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "robustpose.selectorLabels" -}}
app.kubernetes.io/name: {{ include "robustpose.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "robustpose.labels" -}}
helm.sh/chart: {{ include "robustpose.chart" . }}
{{ include "robustpose.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: robustpose
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: dict "root" $ "component" "orchestrator"|"worker" "pool" name */}}
{{- define "robustpose.componentSelectorLabels" -}}
{{ include "robustpose.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- if .pool }}
robustpose.io/pool: {{ .pool }}
{{- end }}
{{- end }}

{{- define "robustpose.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "robustpose.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Task types and the service that executes them (the worker services' handler maps) */}}
{{- define "robustpose.serviceOfTaskType" -}}
{{- $m := dict "corrupt" "corruption-worker" "train" "train-worker" "eval" "eval-worker" "aggregate" "eval-worker" "report" "eval-worker" }}
{{- if not (hasKey $m .) }}
{{- fail (printf "unknown task type %q (allowed: corrupt, train, eval, aggregate, report)" .) }}
{{- end }}
{{- get $m . }}
{{- end }}

{{/* The service of a pool: dict "name" poolName "pool" poolValues */}}
{{- define "robustpose.poolService" -}}
{{- $services := list }}
{{- if not .pool.taskTypes }}
{{- fail (printf "workerPools.%s: taskTypes is empty" .name) }}
{{- end }}
{{- range .pool.taskTypes }}
{{- $services = append $services (include "robustpose.serviceOfTaskType" .) }}
{{- end }}
{{- $services = uniq $services }}
{{- if gt (len $services) 1 }}
{{- fail (printf "workerPools.%s: task types %v are executed by different services (%v): split them into one pool per service" .name .pool.taskTypes $services) }}
{{- end }}
{{- first $services }}
{{- end }}

{{/* Image of a service: dict "root" $ "service" name "variant" cpu|cuda */}}
{{- define "robustpose.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag }}
{{- $key := .service }}
{{- if eq .variant "cuda" }}
{{- $tag = printf "%s-cuda" $tag }}
{{- $key = printf "%s-cuda" .service }}
{{- end }}
{{- with get (default dict .root.Values.image.digests) $key }}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" .) }}
{{- fail (printf "image.digests.%s: %q is not a digest (sha256:<64 hex digits>)" $key .) }}
{{- end }}
{{- printf "%s/%s@%s" (trimSuffix "/" $.root.Values.image.registry) $.service . }}
{{- else }}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .service $tag }}
{{- end }}
{{- end }}

{{/* True when some image would be pulled by a mutable tag (a snapshot or latest, without a digest) */}}
{{- define "robustpose.mutableTag" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if and (or (hasSuffix "-SNAPSHOT" $tag) (eq $tag "latest")) (lt (len (default dict .Values.image.digests)) 1) }}true{{ end }}
{{- end }}

{{/* Kafka security protocol implied by the TLS and SASL settings */}}
{{- define "robustpose.kafkaSecurityProtocol" -}}
{{- $k := .Values.kafka -}}
{{- if and $k.tls.enabled $k.sasl.enabled }}SASL_SSL
{{- else if $k.sasl.enabled }}SASL_PLAINTEXT
{{- else if $k.tls.enabled }}SSL
{{- else }}PLAINTEXT
{{- end }}
{{- end }}

{{- define "robustpose.kafkaSaslSecret" -}}
{{- default .Values.kafka.sasl.username .Values.kafka.sasl.passwordSecret }}
{{- end }}

{{/* Environment shared by every container: Kafka, artifacts, logging */}}
{{- define "robustpose.commonEnv" -}}
{{- $k := .Values.kafka -}}
- name: ROBUSTPOSE_HTTP_PORT
  value: {{ .Values.httpPort | quote }}
- name: ROBUSTPOSE_HTTP_HOST
  value: "0.0.0.0"
- name: ROBUSTPOSE_KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" $k.bootstrapServers | quote }}
- name: ROBUSTPOSE_KAFKA_PREFIX
  value: {{ include "robustpose.kafkaPrefix" . | quote }}
- name: ROBUSTPOSE_KAFKA_CREATE_TOPICS
  value: {{ and $k.topics.create (not $k.topics.strimzi.enabled) | quote }}
{{- if or $k.tls.enabled $k.sasl.enabled }}
- name: ROBUSTPOSE_KAFKA_SECURITY_PROTOCOL
  value: {{ include "robustpose.kafkaSecurityProtocol" . }}
{{- end }}
{{- if $k.tls.enabled }}
{{- if $k.tls.caSecret }}
- name: ROBUSTPOSE_KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: ROBUSTPOSE_KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/robustpose/kafka/ca/{{ $k.tls.caCertKey }}
{{- end }}
{{- if $k.tls.clientAuth.enabled }}
- name: ROBUSTPOSE_KAFKA_SSL_KEYSTORE_TYPE
  value: PKCS12
- name: ROBUSTPOSE_KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/robustpose/kafka/client/{{ $k.tls.clientAuth.keystoreKey }}
- name: ROBUSTPOSE_KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.tls.clientAuth.secret is required for mutual TLS" $k.tls.clientAuth.secret }}
      key: {{ $k.tls.clientAuth.keystorePasswordKey }}
{{- end }}
{{- end }}
{{- if $k.sasl.enabled }}
- name: ROBUSTPOSE_KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
# not a robustpose setting: only expanded into the JAAS configuration below
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.passwordSecret (or kafka.sasl.username) is required for SASL" (include "robustpose.kafkaSaslSecret" .) }}
      key: {{ $k.sasl.passwordKey }}
- name: ROBUSTPOSE_KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"%s\" password=\"$(KAFKA_SASL_PASSWORD)\";" (ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $k.sasl.mechanism "PLAIN")) (required "kafka.sasl.username is required for SASL" $k.sasl.username) | quote }}
{{- end }}
- name: ROBUSTPOSE_ARTIFACTS
  value: {{ .Values.artifacts.mountPath | quote }}
- name: ROBUSTPOSE_LOG_JSON
  value: {{ .Values.logJson | quote }}
# DJL: never download at run time; its native cache lives on the writable /tmp
- name: DJL_OFFLINE
  value: "true"
- name: DJL_CACHE_DIR
  value: /tmp/djl
- name: ENGINE_CACHE_DIR
  value: /tmp/djl
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Volumes shared by every pod */}}
{{- define "robustpose.volumes" -}}
- name: tmp
  emptyDir:
    {{- with .Values.tmp.sizeLimit }}
    sizeLimit: {{ . }}
    {{- end }}
- name: artifacts
  persistentVolumeClaim:
    claimName: {{ default (include "robustpose.componentName" (dict "root" . "suffix" "artifacts")) .Values.artifacts.existingClaim }}
{{- if .Values.data.enabled }}
- name: data
  persistentVolumeClaim:
    claimName: {{ default (include "robustpose.componentName" (dict "root" . "suffix" "data")) .Values.data.existingClaim }}
    readOnly: {{ .Values.data.readOnly }}
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
    items:
      - key: {{ .Values.kafka.tls.caCertKey }}
        path: {{ .Values.kafka.tls.caCertKey }}
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.clientAuth.enabled }}
- name: kafka-client
  secret:
    secretName: {{ .Values.kafka.tls.clientAuth.secret }}
    items:
      - key: {{ .Values.kafka.tls.clientAuth.keystoreKey }}
        path: {{ .Values.kafka.tls.clientAuth.keystoreKey }}
{{- end }}
{{- end }}

{{- define "robustpose.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: artifacts
  mountPath: {{ .Values.artifacts.mountPath }}
{{- if .Values.data.enabled }}
- name: data
  mountPath: {{ .Values.data.mountPath }}
  readOnly: {{ .Values.data.readOnly }}
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/robustpose/kafka/ca
  readOnly: true
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.clientAuth.enabled }}
- name: kafka-client
  mountPath: /etc/robustpose/kafka/client
  readOnly: true
{{- end }}
{{- end }}

{{/* Probes and ports shared by every container */}}
{{- define "robustpose.probes" -}}
{{- $p := .Values.probes -}}
startupProbe:
  httpGet:
    path: {{ $p.startup.path }}
    port: http
  periodSeconds: {{ $p.startup.periodSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: {{ $p.liveness.path }}
    port: http
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: {{ $p.readiness.path }}
    port: http
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{/* Prometheus scrape annotations of every pod (for annotation-based scraping) */}}
{{- define "robustpose.scrapeAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.httpPort | quote }}
prometheus.io/path: /q/metrics
{{- end }}

{{/* Replica bounds of a pool: dict "root" $ "name" n "pool" p -> "min max" with max capped at partitions */}}
{{- define "robustpose.poolMaxReplicas" -}}
{{- $partitions := 0 }}
{{- range .pool.taskTypes }}
{{- $n := int (get $.root.Values.topicPartitions .) }}
{{- if gt $n $partitions }}{{ $partitions = $n }}{{ end }}
{{- end }}
{{- $max := int .pool.replicas.max }}
{{- if gt $max $partitions }}{{ $max = $partitions }}{{ end }}
{{- $max }}
{{- end }}

{{/* Whether pools scale with KEDA: keda.enabled true, or "auto" (the default) on a cluster that serves KEDA's
     ScaledObject API; otherwise the CPU HPA. `helm template` sees no cluster: pass --api-versions keda.sh/v1alpha1/ScaledObject
     (or set true). */}}
{{- define "robustpose.keda" -}}
{{- $k := .Values.keda.enabled -}}
{{- if eq (toString $k) "auto" -}}
{{- if .Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject" }}true{{ end -}}
{{- else if $k -}}
true
{{- end -}}
{{- end -}}
