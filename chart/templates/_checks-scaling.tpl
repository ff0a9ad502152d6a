{{/*
Mirrors: src/plan/checks-scaling.ts: a worker's autoscaling mode (HPA or KEDA) and its
disruption budget. tb-gen's warnings (REPLICAS_IGNORED, COOLDOWN_WITHIN_GRACE, KEDA_AMQP_READY_ONLY)
stay tb-gen's.
*/}}

{{/*
task-worker.checkScaling: AUTOSCALING_MODE_CONFLICT, MIN_REPLICAS_ZERO_WITHOUT_KEDA and, for mode
keda, KEDA_NAME_TOO_LONG and KEDA_REDIS_UNREACHABLE or, on RabbitMQ, KEDA_RABBITMQ_UNREACHABLE
(src/plan/checks-scaling.ts).
Usage: {{- include "task-worker.checkScaling" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkScaling" -}}
{{- $w := .w -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- $mode := include "task-worker.mode" . -}}
{{- if $mode -}}
{{- $at := printf "workers.%s.autoscaling" $w.name -}}
{{- $other := ternary "hpa" "keda" (eq $mode "keda") -}}
{{- $only := dict "hpa" (list "targetCPUUtilizationPercentage" "targetMemoryUtilizationPercentage") "keda" (list "target" "activationTarget" "pollingInterval" "cooldownPeriod" "wakeForDelayed" "hpaName") -}}
{{- range $k := get $only $other -}}
{{- if hasKey $a $k }}{{ include "task-worker.fail" (list "AUTOSCALING_MODE_CONFLICT" (printf "%s.%s" $at $k) (list $w.name $k $other $mode)) }}{{ end -}}
{{- end -}}
{{- if and (ne $mode "keda") (hasKey $a "minReplicas") (eq (int (get $a "minReplicas")) 0) -}}
{{- include "task-worker.fail" (list "MIN_REPLICAS_ZERO_WITHOUT_KEDA" (printf "%s.minReplicas" $at) (list $w.name)) -}}
{{- end -}}
{{- if eq $mode "keda" -}}
{{- $hpa := printf "%s%s" .plan.contract.keda.hpaPrefix $w.objectName -}}
{{- $max := int .plan.contract.maxName -}}
{{- if and (not (get $a "hpaName")) (gt (len $hpa) $max) }}{{ include "task-worker.fail" (list "KEDA_NAME_TOO_LONG" $at (list $w.name $hpa (len $hpa) $max)) }}{{ end -}}
{{- if include "task-worker.onRabbit" .plan -}}
{{- $r := dict }}{{ $_ := include "task-worker.kedaRabbit" (dict "plan" .plan "out" $r) -}}
{{- with $r.problem }}{{ include "task-worker.fail" (list "KEDA_RABBITMQ_UNREACHABLE" $at (list $w.name .)) }}{{ end -}}
{{- else -}}
{{- $r := dict }}{{ $_ := include "task-worker.kedaRedis" (dict "plan" .plan "out" $r) -}}
{{- with $r.problem }}{{ include "task-worker.fail" (list "KEDA_REDIS_UNREACHABLE" $at (list $w.name .)) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkPdb: PDB_BOTH_BOUNDS and PDB_BLOCKS_DRAIN: a budget takes one bound, and must
allow at least one eviction.
Usage: {{- include "task-worker.checkPdb" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkPdb" -}}
{{- $w := .w -}}
{{- $p := get $w.spec "pdb" | default dict -}}
{{- if ne (get $p "enabled" | toString) "false" -}}
{{- $at := printf "workers.%s.pdb" $w.name -}}
{{- if and (hasKey $p "minAvailable") (hasKey $p "maxUnavailable") }}{{ include "task-worker.fail" (list "PDB_BOTH_BOUNDS" (printf "%s.minAvailable" $at) (list $w.name)) }}{{ end -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- $min := hasKey $a "minReplicas" | ternary (get $a "minReplicas") .plan.contract.minReplicas -}}
{{- $floor := ternary (max 1 (int $min)) (int (hasKey $w.spec "replicas" | ternary (get $w.spec "replicas") .plan.contract.replicas)) (eq (get $a "enabled" | toString) "true") -}}
{{- $why := "" }}{{ $key := "maxUnavailable" -}}
{{- if and (hasKey $p "maxUnavailable") (or (eq (toString $p.maxUnavailable) "0") (eq (toString $p.maxUnavailable) "0%")) }}{{ $why = "no pod may ever be unavailable" }}
{{- else if and (hasKey $p "minAvailable") (eq (toString $p.minAvailable) "100%") }}{{ $why = "every pod must stay available" }}{{ $key = "minAvailable" }}
{{- else if and (hasKey $p "minAvailable") (not (kindIs "string" $p.minAvailable)) (ge (int $p.minAvailable) $floor) }}
{{- $why = printf "the worker may run only %d pod%s" $floor (ternary "" "s" (eq $floor 1)) }}{{ $key = "minAvailable" }}
{{- end -}}
{{- if $why }}{{ include "task-worker.fail" (list "PDB_BLOCKS_DRAIN" (printf "%s.%s" $at $key) (list $w.name $key (toString (get $p $key)) $why)) }}{{ end -}}
{{- end -}}
{{- end -}}
