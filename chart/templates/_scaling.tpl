{{/*
Autoscaling and disruption budgets, as tb-gen resolves them (src/plan/autoscaling.ts).
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
