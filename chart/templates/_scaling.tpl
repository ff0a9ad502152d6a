{{/*
Autoscaling and disruption budgets, as tb-gen resolves them (src/config/autoscaling.ts).
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
task-worker.kedaRedis: KEDA's view of the broker, set into out: type (the trigger type), metadata
(databaseIndex, enableTLS, sentinelMaster, and the address from broker_url when no Secret gives
it), auth (the Secret's {parameter, key} pairs, when a Secret is named), secret, problem.
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
{{- if and (eq $mode "sentinel") (get $r "sentinelMaster") }}{{ $_ := set $md "sentinelMaster" $r.sentinelMaster }}{{ end -}}
{{- $param := ternary "address" "addresses" (eq $mode "standalone") -}}
{{- $auth := list -}}
{{- $hasAddress := false -}}
{{- $sec := get $r "secret" -}}
{{- if $sec -}}
{{- range $p := list (list $param "addressKey") (list "username" "usernameKey") (list "password" "passwordKey") (list "sentinelPassword" "sentinelPasswordKey") -}}
{{- if hasKey $sec (index $p 1) }}{{ $auth = append $auth (dict "parameter" (index $p 0) "key" (get $sec (index $p 1))) }}{{ if eq (index $p 0) $param }}{{ $hasAddress = true }}{{ end }}{{ end -}}
{{- end -}}
{{- $_ := set .out "secret" $sec.name -}}
{{- $_ = set .out "auth" $auth -}}
{{- end -}}
{{- if not $hasAddress -}}
{{- if and $url (not $url.credentials) }}{{ $_ := set $md $param $url.address }}
{{- else if and $url $url.credentials }}{{ $_ := set .out "problem" "broker_url carries credentials, which KEDA would need from a Secret" }}
{{- else }}{{ $_ := set .out "problem" "neither taskConfig.redis.secret.addressKey nor broker_url gives the address" }}{{ end -}}
{{- end -}}
{{- if and (eq $mode "sentinel") (not (get $r "sentinelMaster")) (not (hasKey .out "problem")) }}{{ $_ := set .out "problem" "sentinel mode needs taskConfig.redis.sentinelMaster" }}{{ end -}}
{{- $_ := set .out "type" (get .plan.contract.redis.triggerTypes $mode) -}}
{{- $_ = set .out "metadata" $md -}}
{{- end -}}
