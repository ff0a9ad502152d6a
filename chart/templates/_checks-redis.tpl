{{/*
Mirrors: src/plan/checks-redis.ts: what a part cannot do with taskConfig.redis. tb-gen's warning
REDIS_TLS_UNVERIFIED stays tb-gen's.
*/}}

{{/*
task-worker.checkRedis: what a part cannot do with taskConfig.redis (src/plan/checks-redis.ts):
REDIS_TOPOLOGY_INCOMPLETE (sentinel without sentinels or sentinelMaster, for task-backend-worker),
then REDIS_TOPOLOGY_UNSUPPORTED (Cluster with Celery or a database other than 0, TLS Secrets on a
connection that is not TLS).
Usage: {{- include "task-worker.checkRedis" $plan }}
*/}}
{{- define "task-worker.checkRedis" -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- $r := get $tc "redis" | default dict -}}
{{- $mode := get $r "mode" | default "" | toString -}}
{{- if and (eq $mode "sentinel") .bullmq -}}
{{- range $k := list "sentinels" "sentinelMaster" -}}
{{- if not (hasKey $r $k) }}{{ include "task-worker.fail" (list "REDIS_TOPOLOGY_INCOMPLETE" "taskConfig.redis.mode" (list "sentinel" $k)) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- if and (eq $mode "cluster") (eq .backend "celery") -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" "taskConfig.redis.mode" (list "Celery (kombu) has no Redis Cluster transport: backend celery cannot use taskConfig.redis.mode cluster")) -}}
{{- end -}}
{{- if and (eq $mode "cluster") (ne (int (get $r "database" | default 0)) 0) -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" "taskConfig.redis.database" (list (printf "Redis Cluster has only database 0, and taskConfig.redis.database is %v" $r.database))) -}}
{{- end -}}
{{- $files := ternary "caSecret" (ternary "clientCertSecret" "" (hasKey $r "clientCertSecret")) (hasKey $r "caSecret") -}}
{{- $plainUrl := and (hasPrefix "redis://" (get $tc "broker_url" | default "")) (not (get $tc "brokerSecret")) -}}
{{- $tlsOff := and (hasKey $r "tls") (eq (toString $r.tls) "false") -}}
{{- if and $files (or $tlsOff $plainUrl) -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" (printf "taskConfig.redis.%s" $files) (list (printf "taskConfig.redis.%s is set, but the connection is not TLS (%s)" $files (ternary "tls: false" "broker_url is redis://" $tlsOff)))) -}}
{{- end -}}
{{- end -}}
