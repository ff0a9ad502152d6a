{{/*
Workers whose image is a Python Celery app (runtime: celery), as tb-gen renders them
(src/render/celery-container.ts, src/contract/celery.ts): Celery's own command line and a
liveness probe that pings the pod's worker. Patterns and flag names come from the contract.
*/}}

{{/*
task-worker.isCelery: "true" when the worker runs the image's Celery.
Usage: {{ if include "task-worker.isCelery" $w }}...{{ end }}
*/}}
{{- define "task-worker.isCelery" -}}
{{- if eq (get .spec "runtime" | toString) "celery" }}true{{ end -}}
{{- end -}}

{{/*
task-worker.runsOurs: "true" when the worker runs task-backend-worker (health port, probes,
metrics, bounded shutdown, TASK_BACKEND_APP), whatever the backend: every worker but a
`runtime: celery` one (runsOurWorker in src/contract/celery.ts). resolveWorker stores it as w.ours.
Usage: {{ if include "task-worker.runsOurs" $w }}...{{ end }}
*/}}
{{- define "task-worker.runsOurs" -}}
{{- if not (include "task-worker.isCelery" .) }}true{{ end -}}
{{- end -}}

{{/*
task-worker.celeryArgs: `-A app worker -Q <consumed queues> --hostname <worker>@%h`, then
--autoscale max,min or else --concurrency, the numeric options that are set, in the contract's
order, and task_acks_late / broker_transport_options as Celery command-line configuration.
Needs w.consumed (task-worker.routing).
Usage: args: {{- include "task-worker.celeryArgs" (dict "plan" $plan "w" $w) | nindent 2 }}
*/}}
{{- define "task-worker.celeryArgs" -}}
{{- $c := .plan.contract.celery -}}
{{- $s := .w.spec -}}
{{- $cel := get $s "celery" | default dict -}}
{{- $args := list "-A" (get $cel "app" | default "") "worker" "-Q" (join "," .w.consumed) "--hostname" (printf $c.hostname .w.name) -}}
{{- with get $cel "autoscale" -}}
{{- $args = concat $args (list "--autoscale" (printf "%d,%d" (int .max) (int .min))) -}}
{{- else -}}
{{- $args = concat $args (list "--concurrency" (printf "%d" (hasKey $s "concurrency" | ternary (get $s "concurrency") .plan.contract.concurrency | int))) -}}
{{- end -}}
{{- range $o := $c.options -}}
{{- if hasKey $cel $o.key }}{{ $args = concat $args (list $o.flag (printf "%d" (get $cel $o.key | int))) }}{{ end -}}
{{- end -}}
{{- if hasKey $cel "acksLate" }}{{ $args = append $args (printf $c.acksLate (get $cel "acksLate" | toString)) }}{{ end -}}
{{- if hasKey $cel "brokerTransportOptions" }}{{ $args = append $args (printf $c.transportOptions (get $cel "brokerTransportOptions" | toJson)) }}{{ end -}}
{{- toYaml $args -}}
{{- end -}}

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

{{/*
task-worker.checkCelery: for a Celery worker, CELERY_NEEDS_CELERY_BACKEND, CELERY_APP_MISSING and
CELERY_IMAGE_NOT_PYTHON (src/plan/checks-celery.ts; its warnings are tb-gen's alone).
Needs w.image (task-worker.workerLabels).
Usage: {{- include "task-worker.checkCelery" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkCelery" -}}
{{- $w := .w -}}
{{- if include "task-worker.isCelery" $w -}}
{{- $at := printf "workers.%s.runtime" $w.name -}}
{{- if ne .plan.backend .plan.contract.celery.backend }}{{ include "task-worker.fail" (list "CELERY_NEEDS_CELERY_BACKEND" $at (list $w.name .plan.backend)) }}{{ end -}}
{{- if not (get (get $w.spec "celery" | default dict) "app") }}{{ include "task-worker.fail" (list "CELERY_APP_MISSING" $at (list $w.name)) }}{{ end -}}
{{- if eq $w.image.repository .plan.contract.container.repository }}{{ include "task-worker.fail" (list "CELERY_IMAGE_NOT_PYTHON" $at (list $w.name $w.image.repository)) }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.celeryTriggers: on a Celery broker, the ScaledObject's triggers as a JSON list of
{name, metadata}: per consumed queue its list and its priority sub-lists (kombu's separator and
steps), then kombu's unacked hash with autoscaling.countUnacked (src/render/celery-keda.ts).
Usage: {{ $triggers := include "task-worker.celeryTriggers" (dict "plan" $plan "w" $w "redis" $redis) | fromJsonArray }}
*/}}
{{- define "task-worker.celeryTriggers" -}}
{{- $c := .plan.contract.celery -}}
{{- $redis := .redis -}}
{{- $keys := list -}}
{{- range $i, $q := .w.consumed -}}
{{- $keys = append $keys (list (printf $c.trigger.queue $i) $q) -}}
{{- range $p := $c.prioritySteps }}{{ $keys = append $keys (list (printf $c.trigger.priority (int $p) $i) (printf "%s%s%d" $q $c.prioritySep (int $p))) }}{{ end -}}
{{- end -}}
{{- if eq (get (get .w.spec "autoscaling" | default dict) "countUnacked" | toString) "true" -}}
{{- $keys = append $keys (list $c.trigger.unacked $c.unackedKey) -}}
{{- end -}}
{{- $out := list -}}
{{- range $k := $keys -}}
{{- $md := deepCopy $redis.metadata -}}
{{- $_ := set $md "listName" (index $k 1) -}}
{{- $_ = set $md "listLength" $.plan.contract.keda.listLength -}}
{{- $out = append $out (dict "name" (index $k 0) "metadata" $md) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
