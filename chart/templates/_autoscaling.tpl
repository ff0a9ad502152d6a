{{/*
Mirrors: src/plan/autoscaling.ts: which autoscaling mode a worker has and whether it can have a
pod, shared by the checks and the kinds.
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
