{{/*
Mirrors: src/plan/checks-release.ts: the values that serve the whole release, or span workers.
*/}}

{{/*
task-worker.checkRelease: CLUSTER_PREFIX_WITHOUT_HASH_TAG: in Redis Cluster BullMQ keeps a queue's
keys in one slot only with a {hash tag} in the prefix (src/plan/checks-release.ts); then
HOST_PORT_CONFLICT.
Usage: {{- include "task-worker.checkRelease" $plan }}
*/}}
{{- define "task-worker.checkRelease" -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- if eq (get (get $tc "redis" | default dict) "mode" | toString) "cluster" -}}
{{- $prefix := get $tc "prefix" | default .contract.prefix -}}
{{- if not (regexMatch .contract.keda.hashTag $prefix) -}}
{{- include "task-worker.fail" (list "CLUSTER_PREFIX_WITHOUT_HASH_TAG" (ternary "taskConfig.prefix" "taskConfig.redis.mode" (hasKey $tc "prefix")) (list $prefix)) -}}
{{- end -}}
{{- end -}}
{{- include "task-worker.checkRedis" . -}}
{{- include "task-worker.checkHostPorts" . -}}
{{- end -}}

{{/*
task-worker.checkHostPorts: HOST_PORT_CONFLICT: with hostNetwork a worker's health port is a port
of the node, so two enabled workers sharing one could never run on one node
(src/plan/checks-release.ts checkHostPorts). Workers by name; the later one is reported.
Usage: {{- include "task-worker.checkHostPorts" $plan }}
*/}}
{{- define "task-worker.checkHostPorts" -}}
{{- $first := dict -}}
{{- range $w := .enabled -}}
{{- if and $w.ours (eq (get $w.spec "hostNetwork" | toString) "true") -}}
{{- $port := hasKey $w.spec "healthPort" | ternary (get $w.spec "healthPort") $.contract.health.port | int | toString -}}
{{- if hasKey $first $port -}}
{{- include "task-worker.fail" (list "HOST_PORT_CONFLICT" (printf "workers.%s.healthPort" $w.name) (list (get $first $port) $w.name (int $port))) -}}
{{- end -}}
{{- $_ := set $first $port $w.name -}}
{{- end -}}
{{- end -}}
{{- end -}}
