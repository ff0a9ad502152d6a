{{/*
Mirrors: src/contract/celery.ts: which workers run the image's Python Celery, and Celery's own
command line for them (patterns and flag names from the contract).
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
