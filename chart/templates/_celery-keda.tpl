{{/*
Mirrors: src/render/celery-keda.ts: KEDA triggers on kombu's Redis lists, for a Celery broker.
*/}}

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
