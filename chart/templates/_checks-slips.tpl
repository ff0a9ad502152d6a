{{/*
Mirrors: src/plan/checks-slips.ts: slips that render fine and fail later, in tb-gen's order.
*/}}

{{/*
task-worker.checkSlips: slips that render fine and fail later, as tb-gen checks them (src/plan/checks-slips.ts), in
tb-gen's order: BROKER_URL_SCHEME, UNKNOWN_TASK, IMPLAUSIBLE_QUANTITY, UNDECLARED_CATCH_ALL.
Usage: {{- include "task-worker.checkSlips" $plan }}
*/}}
{{- define "task-worker.checkSlips" -}}
{{- $plan := . -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- if and .bullmq (hasKey $tc "broker_url") -}}
{{- $scheme := regexFind "^[A-Za-z][A-Za-z0-9+.-]*://" (toString $tc.broker_url) | trimSuffix "://" | default "(none)" -}}
{{- if not (has $scheme (list "redis" "rediss")) -}}
{{- include "task-worker.fail" (list "BROKER_URL_SCHEME" "taskConfig.broker_url" (list $scheme)) -}}
{{- end -}}
{{- end -}}
{{- $known := keys (get .values "tasks" | default dict) -}}
{{- if eq (get .values "catalogueComplete" | toString) "true" -}}
{{- range $w := $plan.enabled }}{{ range $key := list "tasks" "excludeTasks" }}{{ range $i, $t := get $w.spec $key | default list -}}
{{- if not (has $t $known) -}}
{{- include "task-worker.fail" (list "UNKNOWN_TASK" (printf "workers.%s.%s[%d]" $w.name $key $i) (list $w.name $t)) -}}
{{- end -}}
{{- end }}{{ end }}{{ end -}}
{{- end -}}
{{- range $w := $plan.enabled }}{{ include "task-worker.checkQuantities" $w }}{{ end -}}
{{- include "task-worker.checkCatchAll" $plan -}}
{{- end -}}

{{/*
task-worker.checkQuantities: IMPLAUSIBLE_QUANTITY: memory under 1Mi (512 counts bytes, 512m
millibytes) or cpu over 128 cores (500 counts cores); the flat form is nested by then; 0 is allowed.
Usage: {{- include "task-worker.checkQuantities" $w }}
*/}}
{{- define "task-worker.checkQuantities" -}}
{{- $w := . -}}
{{- $r := get .spec "resources" | default dict -}}
{{- $paths := list (list "requests" "memory") (list "requests" "cpu") (list "limits" "memory") (list "limits" "cpu") -}}
{{- range $p := $paths -}}
{{- $m := get $r (index $p 0) | default dict -}}
{{- $kind := last $p -}}
{{- if hasKey $m $kind -}}
{{- $q := get $m $kind -}}
{{- $o := dict -}}
{{- $_ := include "task-worker.quantity" (dict "q" $q "out" $o) -}}
{{- $v := $o.value -}}
{{- if and (ne $v 0.0) (ternary (lt $v 1048576.0) (gt $v 128.0) (eq $kind "memory")) -}}
{{- include "task-worker.fail" (list "IMPLAUSIBLE_QUANTITY" (printf "workers.%s.resources.%s" $w.name (join "." $p)) (list $w.name (join "." $p) $q (ternary "under 1Mi" "over 128 cores" (eq $kind "memory")))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkCatchAll: UNDECLARED_CATCH_ALL: beside workers that name their tasks or queues,
an enabled worker that names none (nor excludeTasks/excludeQueues, even empty) takes their jobs.
Usage: {{- include "task-worker.checkCatchAll" $plan }}
*/}}
{{- define "task-worker.checkCatchAll" -}}
{{- $chosen := list -}}
{{- $all := list -}}
{{- range $w := .enabled -}}
{{- if or (hasKey $w.spec "tasks") (hasKey $w.spec "queues") (hasKey $w.spec "excludeTasks") (hasKey $w.spec "excludeQueues") -}}
{{- $chosen = append $chosen $w.name -}}
{{- else -}}
{{- $all = append $all $w.name -}}
{{- end -}}
{{- end -}}
{{- if $chosen }}{{ range $name := $all -}}
{{- include "task-worker.fail" (list "UNDECLARED_CATCH_ALL" (printf "workers.%s" $name) (list $name (first $chosen))) -}}
{{- end }}{{ end -}}
{{- end -}}
