{{/*
Mirrors: src/plan/redis-topology.ts: taskConfig.redis as the parts read it, field for field as
tb-gen renders it: the TASK_BACKEND_REDIS_* variables (names from the contract), the CA and
client-certificate Secrets as read-only volumes, and KEDA's view of the broker. The env, volume
and mount defines print YAML list items, or nothing.
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

{{/*
task-worker.kedaRedis: KEDA's view of the broker (src/plan/redis-topology.ts kedaRedis), set into
out: type (the trigger type), metadata (databaseIndex, enableTLS, unsafeSsl, sentinelMaster, and
the address from sentinels, nodes or broker_url when no Secret gives it), auth (the
TriggerAuthentication's {parameter, name, key} entries: the Secret's keys, then ca, cert and key),
problem.
Usage: {{- $r := dict }}{{ $_ := include "task-worker.kedaRedis" (dict "plan" $plan "out" $r) }}
*/}}
{{- define "task-worker.kedaRedis" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $r := get $tc "redis" | default dict -}}
{{- $mode := get $r "mode" | default .plan.contract.redis.default -}}
{{- $url := dict -}}
{{- $raw := get $tc "broker_url" | default "" -}}
{{- if regexMatch "^rediss?://" $raw -}}
{{- $u := urlParse $raw -}}
{{- $port := ternary "6379" (trimPrefix (printf "%s:" $u.hostname) $u.host) (eq $u.host $u.hostname) -}}
{{- $db := trimPrefix "/" $u.path -}}
{{- $url = dict "address" (printf "%s:%s" $u.hostname $port) "database" (ternary (int $db) 0 (regexMatch "^[0-9]+$" $db)) "tls" (eq $u.scheme "rediss") "credentials" (ne $u.userinfo "") -}}
{{- end -}}
{{- $md := dict -}}
{{- $db := hasKey $r "database" | ternary (get $r "database") (get $url "database") -}}
{{- if $db }}{{ $_ := set $md "databaseIndex" (toString $db) }}{{ end -}}
{{- if (hasKey $r "tls" | ternary (get $r "tls") (get $url "tls")) }}{{ $_ := set $md "enableTLS" "true" }}{{ end -}}
{{- if eq (get $r "insecureSkipVerify" | toString) "true" }}{{ $_ := set $md "unsafeSsl" "true" }}{{ end -}}
{{- if and (eq $mode "sentinel") (get $r "sentinelMaster") }}{{ $_ := set $md "sentinelMaster" $r.sentinelMaster }}{{ end -}}
{{- $param := ternary "address" "addresses" (eq $mode "standalone") -}}
{{- $auth := list -}}
{{- $hasAddress := false -}}
{{- $sec := get $r "secret" -}}
{{- if $sec -}}
{{- range $p := list (list $param "addressKey") (list "username" "usernameKey") (list "password" "passwordKey") (list "sentinelPassword" "sentinelPasswordKey") -}}
{{- if hasKey $sec (index $p 1) }}{{ $auth = append $auth (dict "parameter" (index $p 0) "name" $sec.name "key" (get $sec (index $p 1))) }}{{ if eq (index $p 0) $param }}{{ $hasAddress = true }}{{ end }}{{ end -}}
{{- end -}}
{{- end -}}
{{- with get $r "caSecret" }}{{ $auth = append $auth (dict "parameter" "ca" "name" .name "key" .key) }}{{ end -}}
{{- with get $r "clientCertSecret" -}}
{{- $auth = append $auth (dict "parameter" "cert" "name" .name "key" (get . "certKey" | default $.plan.contract.redis.clientCertKeys.certKey)) -}}
{{- $auth = append $auth (dict "parameter" "key" "name" .name "key" (get . "keyKey" | default $.plan.contract.redis.clientCertKeys.keyKey)) -}}
{{- end -}}
{{- if $auth }}{{ $_ := set .out "auth" $auth }}{{ end -}}
{{- $list := ternary (get $r "sentinels") (ternary (get $r "nodes") list (eq $mode "cluster")) (eq $mode "sentinel") -}}
{{- if not $hasAddress -}}
{{- if $list }}{{ $_ := set $md $param (join "," $list) }}
{{- else if and $url (not $url.credentials) }}{{ $_ := set $md $param $url.address }}
{{- else if and $url $url.credentials }}{{ $_ := set .out "problem" "broker_url carries credentials, which KEDA would need from a Secret" }}
{{- else }}{{ $_ := set .out "problem" (printf "neither taskConfig.redis.secret.addressKey%s nor broker_url gives the address" (ternary "" (printf " nor taskConfig.redis.%s" (ternary "sentinels" "nodes" (eq $mode "sentinel"))) (eq $mode "standalone"))) }}{{ end -}}
{{- end -}}
{{- if and (eq $mode "sentinel") (not (get $r "sentinelMaster")) (not (hasKey .out "problem")) }}{{ $_ := set .out "problem" "sentinel mode needs taskConfig.redis.sentinelMaster" }}{{ end -}}
{{- $_ := set .out "type" (get .plan.contract.redis.triggerTypes $mode) -}}
{{- $_ = set .out "metadata" $md -}}
{{- end -}}
