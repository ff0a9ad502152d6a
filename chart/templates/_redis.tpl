{{/*
taskConfig.redis as the worker container reads it, field for field as tb-gen renders it
(src/plan/redis-topology.ts): the TASK_BACKEND_REDIS_* variables (names from the contract) and
the CA and client-certificate Secrets as read-only volumes. Each define prints YAML list items,
or nothing.
*/}}

{{/*
task-worker.redisEnv: mode (unless standalone), sentinels, master name and the sentinel password
(from taskConfig.redis.secret), cluster nodes, then the paths of the mounted TLS files.
Usage: {{- include "task-worker.redisEnv" .plan }}
*/}}
{{- define "task-worker.redisEnv" -}}
{{- $e := .contract.redis.env -}}
{{- $t := .contract.redis.tls -}}
{{- $r := get (get .values "taskConfig" | default dict) "redis" | default dict -}}
{{- $mode := get $r "mode" | default .contract.redis.default -}}
{{- if ne $mode .contract.redis.default }}
- name: {{ $e.mode }}
  value: {{ $mode | toJson }}
{{- end }}
{{- if eq $mode "sentinel" }}
{{- with get $r "sentinels" }}
- name: {{ $e.sentinels }}
  value: {{ join "," . | toJson }}
{{- end }}
{{- with get $r "sentinelMaster" }}
- name: {{ $e.sentinelMaster }}
  value: {{ . | toJson }}
{{- end }}
{{- $s := get $r "secret" | default dict }}
{{- if hasKey $s "sentinelPasswordKey" }}
- name: {{ $e.sentinelPassword }}
  valueFrom:
    secretKeyRef:
      name: {{ $s.name | toJson }}
      key: {{ $s.sentinelPasswordKey | toJson }}
{{- end }}
{{- end }}
{{- if and (eq $mode "cluster") (get $r "nodes") }}
- name: {{ $e.nodes }}
  value: {{ join "," $r.nodes | toJson }}
{{- end }}
{{- if get $r "caSecret" }}
- name: {{ $e.ca }}
  value: {{ printf "%s/%s" $t.dir $t.caFile | toJson }}
{{- end }}
{{- if get $r "clientCertSecret" }}
- name: {{ $e.cert }}
  value: {{ printf "%s/%s" $t.clientDir $t.certFile | toJson }}
- name: {{ $e.key }}
  value: {{ printf "%s/%s" $t.clientDir $t.keyFile | toJson }}
{{- end }}
{{- if eq (get $r "insecureSkipVerify" | toString) "true" }}
- name: {{ $e.insecure }}
  value: "true"
{{- end }}
{{- end -}}

{{/*
task-worker.redisVolumes: the CA Secret (its key projected to ca.crt) and the client-certificate
Secret (to tls.crt and tls.key).
Usage: {{- include "task-worker.redisVolumes" .plan }}
*/}}
{{- define "task-worker.redisVolumes" -}}
{{- $t := .contract.redis.tls -}}
{{- $r := get (get .values "taskConfig" | default dict) "redis" | default dict -}}
{{- with get $r "caSecret" }}
- name: {{ $t.volume }}
  secret:
    secretName: {{ .name | toJson }}
    items:
      - key: {{ .key | toJson }}
        path: {{ $t.caFile }}
{{- end }}
{{- with get $r "clientCertSecret" }}
- name: {{ $t.clientVolume }}
  secret:
    secretName: {{ .name | toJson }}
    items:
      - key: {{ get . "certKey" | default $.contract.redis.clientCertKeys.certKey | toJson }}
        path: {{ $t.certFile }}
      - key: {{ get . "keyKey" | default $.contract.redis.clientCertKeys.keyKey | toJson }}
        path: {{ $t.keyFile }}
{{- end }}
{{- end -}}

{{/*
task-worker.redisMounts: their read-only mounts in the worker container.
Usage: {{- include "task-worker.redisMounts" .plan }}
*/}}
{{- define "task-worker.redisMounts" -}}
{{- $t := .contract.redis.tls -}}
{{- $r := get (get .values "taskConfig" | default dict) "redis" | default dict -}}
{{- if get $r "caSecret" }}
- name: {{ $t.volume }}
  mountPath: {{ $t.dir }}
  readOnly: true
{{- end }}
{{- if get $r "clientCertSecret" }}
- name: {{ $t.clientVolume }}
  mountPath: {{ $t.clientDir }}
  readOnly: true
{{- end }}
{{- end -}}
