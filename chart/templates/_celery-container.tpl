{{/*
Mirrors: src/render/celery-container.ts: the parts of the container that differ for a
runtime: celery worker (its broker variable and a liveness probe that pings the pod's worker).
*/}}

{{/*
task-worker.celeryLiveness: an exec probe running `celery inspect ping` for this pod's worker,
with the contract's period, timeout and threshold unless probes.liveness tunes them.
Usage: livenessProbe: {{- include "task-worker.celeryLiveness" (dict "plan" $plan "w" $w) | nindent 2 }}
*/}}
{{- define "task-worker.celeryLiveness" -}}
{{- $p := .plan.contract.celery.probe -}}
{{- $t := get (get .w.spec "probes" | default dict) "liveness" | default dict -}}
{{- $app := get (get .w.spec "celery" | default dict) "app" | default "" -}}
exec:
  command:
    {{- toYaml (list $p.shell "-c" (printf $p.script $app .w.name (int $p.pingTimeout))) | nindent 4 }}
{{- range $k := list "periodSeconds" "timeoutSeconds" "failureThreshold" }}
{{ $k }}: {{ hasKey $t $k | ternary (get $t $k) (get $p $k) | int }}
{{- end }}
{{- range $k := list "initialDelaySeconds" "successThreshold" }}
{{- if hasKey $t $k }}
{{ $k }}: {{ get $t $k | int }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
task-worker.celeryBrokerEnv: CELERY_BROKER_URL from the same source as the worker's broker URL,
for a Celery worker (Celery reads it over the app's own broker setting).
Usage: {{- include "task-worker.celeryBrokerEnv" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.celeryBrokerEnv" -}}
{{- if include "task-worker.isCelery" .w -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $name := .plan.contract.celery.brokerEnv -}}
{{- if get $tc "brokerSecret" }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $tc.brokerSecret.name | toJson }}
      key: {{ $tc.brokerSecret.key | toJson }}
{{- else if get $tc "broker_url" }}
- name: {{ $name }}
  value: {{ $tc.broker_url | toJson }}
{{- end }}
{{- end -}}
{{- end -}}
