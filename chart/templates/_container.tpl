{{/*
The worker container, field for field as tb-gen renders it (src/render/container.ts), with the
args in src/worker/args.ts FLAGS order. Keys appear in tb-gen's order; empty maps and lists
are left out, as tb-gen's omitEmpty does.
*/}}

{{/*
task-worker.args: the worker's args as a YAML list: --backend, --tasks, --exclude-tasks,
--queues, --exclude-queues (each only when a non-empty list), --concurrency, then for bullmq (our worker) --shutdown-timeout
(terminationGracePeriodSeconds less 5, at least 1) and --health-port.
Usage: args: {{- include "task-worker.args" (dict "plan" $plan "w" $w) | nindent 4 }}
*/}}
{{- define "task-worker.args" -}}
{{- $s := .w.spec -}}
{{- $args := list (printf "--backend=%s" .plan.backend) -}}
{{- range $f := list (list "tasks" "tasks") (list "excludeTasks" "exclude-tasks") (list "queues" "queues") (list "excludeQueues" "exclude-queues") -}}
{{- if and (hasKey $s (index $f 0)) (get $s (index $f 0)) -}}
{{- $args = append $args (printf "--%s=%s" (index $f 1) (get $s (index $f 0) | join ",")) -}}
{{- end -}}
{{- end -}}
{{- if hasKey $s "concurrency" }}{{ $args = append $args (printf "--concurrency=%d" (int $s.concurrency)) }}{{ end -}}
{{- if eq .plan.backend "bullmq" -}}
{{- $grace := hasKey $s "terminationGracePeriodSeconds" | ternary (get $s "terminationGracePeriodSeconds") 30 -}}
{{- $args = append $args (printf "--shutdown-timeout=%d" (max 1 (sub (int $grace) 5))) -}}
{{- $args = append $args "--health-port=8080" -}}
{{- end -}}
{{- toYaml $args -}}
{{- end -}}

{{/*
task-worker.env: TASK_BACKEND_TYPE, the broker URL (from a Secret when one is named, else the
plain development fallback), app, prefix, the worker's name and profile, then the worker's env.
Usage: env: {{- include "task-worker.env" (dict "ctx" $ "plan" $plan "w" $w) | nindent 4 }}
*/}}
{{- define "task-worker.env" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
- name: TASK_BACKEND_TYPE
  value: {{ .plan.backend | toJson }}
{{- if get $tc "brokerSecret" }}
- name: TASK_BACKEND_BROKER_URL
  valueFrom:
    secretKeyRef:
      name: {{ $tc.brokerSecret.name | toJson }}
      key: {{ $tc.brokerSecret.key | toJson }}
{{- else if get $tc "broker_url" }}
- name: TASK_BACKEND_BROKER_URL
  value: {{ $tc.broker_url | toJson }}
{{- end }}
{{- with get $tc "app" }}
- name: TASK_BACKEND_APP
  value: {{ . | toJson }}
{{- end }}
{{- with get $tc "prefix" }}
- name: TASK_BACKEND_PREFIX
  value: {{ . | toJson }}
{{- end }}
- name: TASK_BACKEND_WORKER_NAME
  value: {{ .w.name | toJson }}
{{- if hasKey .w "profile" }}
- name: TASK_BACKEND_WORKER_PROFILE
  value: {{ .w.profile | toJson }}
{{- end }}
{{- with get .w.spec "env" }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
task-worker.probe: an HTTP probe on the named health port.
Usage: livenessProbe: {{- include "task-worker.probe" (list "/livez" 10 3) | nindent 4 }}
*/}}
{{- define "task-worker.probe" -}}
httpGet:
  path: {{ index . 0 }}
  port: http
periodSeconds: {{ index . 1 }}
failureThreshold: {{ index . 2 }}
{{- end -}}

{{/*
task-worker.container: the one container of a worker pod after its `name: worker` key.
Usage: containers:
         - name: worker
           {{- include "task-worker.container" (dict "ctx" $ "plan" $plan "w" $w) | nindent 11 }}
*/}}
{{- define "task-worker.container" -}}
{{- $s := .w.spec -}}
{{- $img := get .plan.values "image" | default dict -}}
{{- $r := get $s "resources" | default dict -}}
image: {{ printf "%s:%s" (get $img "repository" | default "task-backend") (get $img "tag" | default .ctx.Chart.AppVersion) | toJson }}
imagePullPolicy: {{ get $img "pullPolicy" | default "IfNotPresent" | toJson }}
command:
  - task-backend-worker
args:
  {{- include "task-worker.args" . | nindent 2 }}
env:
  {{- include "task-worker.env" . | nindent 2 }}
{{- with get $s "envFrom" }}
envFrom:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if eq .plan.backend "bullmq" }}
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
livenessProbe:
  {{- include "task-worker.probe" (list "/livez" 10 3) | nindent 2 }}
readinessProbe:
  {{- include "task-worker.probe" (list "/readyz" 5 2) | nindent 2 }}
{{- end }}
{{- if or (get $r "requests") (get $r "limits") }}
resources:
  {{- with get $r "requests" }}
  requests:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with get $r "limits" }}
  limits:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- with get $s "securityContext" }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
task-worker.resourceMetric: one HPA Resource metric with a Utilization target.
Usage: metrics: {{- include "task-worker.resourceMetric" (list "cpu" 80) | nindent 4 }}
*/}}
{{- define "task-worker.resourceMetric" -}}
- type: Resource
  resource:
    name: {{ index . 0 }}
    target:
      type: Utilization
      averageUtilization: {{ index . 1 | int }}
{{- end -}}
