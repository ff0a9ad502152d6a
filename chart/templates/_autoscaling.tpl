{{/*
Mirrors: src/plan/autoscaling.ts: which autoscaling mode a worker has and whether it can have a
pod, shared by the checks and the kinds; and KEDA's view of a RabbitMQ broker (src/plan/rabbitmq.ts,
which autoscaling.ts re-exports; Redis' is in _redis-topology.tpl).
*/}}

{{/*
task-worker.mode: the worker's autoscaling mode when autoscaling is enabled ("hpa" or "keda"),
else "".
Usage: {{ if eq (include "task-worker.mode" (dict "plan" $plan "w" $w)) "keda" }}...{{ end }}
*/}}
{{- define "task-worker.mode" -}}
{{- $a := get .w.spec "autoscaling" | default dict -}}
{{- if get $a "enabled" }}{{ get $a "mode" | default .plan.contract.autoscaling.default }}{{ end -}}
{{- end -}}

{{/*
task-worker.canHaveReplica: "true" when the worker may run a pod at some time (autoscaled, or
replicas above 0), so a disruption budget means something.
Usage: {{ if include "task-worker.canHaveReplica" (dict "plan" $plan "w" $w) }}...{{ end }}
*/}}
{{- define "task-worker.canHaveReplica" -}}
{{- $s := .w.spec -}}
{{- if or (get (get $s "autoscaling" | default dict) "enabled") (gt (int (hasKey $s "replicas" | ternary (get $s "replicas") .plan.contract.replicas)) 0) }}true{{ end -}}
{{- end -}}

{{/*
task-worker.onRabbit: "true" when the release's Celery broker is RabbitMQ: an amqp:// broker_url,
or taskConfig.rabbitmq (which says so of brokerSecret's URL) (src/plan/rabbitmq.ts onRabbitBroker).
Usage: {{ if include "task-worker.onRabbit" $plan }}...{{ end }}
*/}}
{{- define "task-worker.onRabbit" -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- if and (eq .backend .contract.celery.backend) (or (hasKey $tc "rabbitmq") (regexMatch .contract.celery.amqpUrl (get $tc "broker_url" | default ""))) }}true{{ end -}}
{{- end -}}

{{/*
task-worker.kedaRabbit: KEDA's view of a RabbitMQ broker (src/plan/rabbitmq.ts kedaRabbit), set
into out: metadata (protocol; host, from a broker_url without credentials; vhostName, over http,
from broker_url), auth (the TriggerAuthentication's `host` from brokerSecret or, over http,
taskConfig.rabbitmq.managementSecret), problem.
Usage: {{- $r := dict }}{{ $_ := include "task-worker.kedaRabbit" (dict "plan" $plan "out" $r) }}
*/}}
{{- define "task-worker.kedaRabbit" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $rc := get $tc "rabbitmq" | default dict -}}
{{- $protocol := get $rc "protocol" | default .plan.contract.keda.rabbitmq.protocol -}}
{{- $md := dict "protocol" $protocol -}}
{{- $url := dict -}}
{{- $raw := get $tc "broker_url" | default "" -}}
{{- if and (not (get $tc "brokerSecret")) (regexMatch .plan.contract.celery.amqpUrl $raw) -}}
{{- $u := urlParse $raw -}}
{{- $url = dict "host" (trimPrefix "py" $raw) "vhost" (trimPrefix "/" $u.path | default "/") "credentials" (ne $u.userinfo "") -}}
{{- end -}}
{{- $auth := list -}}
{{- if eq $protocol "http" -}}
{{- if $url }}{{ $_ := set $md "vhostName" $url.vhost }}{{ end -}}
{{- with get $rc "managementSecret" }}{{ $auth = list (dict "parameter" "host" "name" .name "key" .key) }}
{{- else }}{{ $_ := set .out "problem" "protocol http reads the management API, whose URL taskConfig.rabbitmq.managementSecret does not name" }}{{ end -}}
{{- else if get $tc "brokerSecret" }}{{ $auth = list (dict "parameter" "host" "name" $tc.brokerSecret.name "key" $tc.brokerSecret.key) }}
{{- else if not $url }}{{ $_ := set .out "problem" "neither taskConfig.brokerSecret nor an amqp:// broker_url gives the broker URL" }}
{{- else if $url.credentials }}{{ $_ := set .out "problem" "broker_url carries credentials, which KEDA would need from a Secret" }}
{{- else }}{{ $_ := set $md "host" $url.host }}{{ end -}}
{{- if $auth }}{{ $_ := set .out "auth" $auth }}{{ end -}}
{{- $_ := set .out "metadata" $md -}}
{{- end -}}
