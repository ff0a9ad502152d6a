{{/*
Mirrors: src/render/celery-keda.ts: KEDA triggers for a Celery broker: kombu's Redis lists, or
RabbitMQ's queues.
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

{{/*
task-worker.rabbitTriggers: on a RabbitMQ broker, the ScaledObject's triggers as a JSON list of
{name, metadata}: one per consumed queue, counting its messages (src/render/celery-keda.ts
rabbitScaling); rabbit is task-worker.kedaRabbit's out.
Usage: {{ $triggers := include "task-worker.rabbitTriggers" (dict "plan" $plan "w" $w "rabbit" $r) | fromJsonArray }}
*/}}
{{- define "task-worker.rabbitTriggers" -}}
{{- $k := .plan.contract.keda -}}
{{- $out := list -}}
{{- range $i, $q := .w.consumed -}}
{{- $md := deepCopy $.rabbit.metadata -}}
{{- $_ := set $md "queueName" $q -}}
{{- $_ = set $md "mode" $k.rabbitmq.mode -}}
{{- $_ = set $md "value" $k.listLength -}}
{{- $out = append $out (dict "name" (printf $.plan.contract.celery.trigger.queue $i) "metadata" $md) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}
