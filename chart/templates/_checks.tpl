{{/*
Checks the schema cannot express, as tb-gen runs them (src/config/checks.ts), in tb-gen's order.
Each fails the render with tb-gen's code and tb-gen's message (from the contract's messages):
`error[CODE] workers.<name>.<key>: <message>`. Helm stops at the first; tb-gen lists them all.
*/}}

{{/*
task-worker.fail: fail the render with one code's shared message, its %s/%d/%v verbs filled from
args (at most four). Pass integers for %d.
Usage: {{ include "task-worker.fail" (list "CODE" "workers.x.key" (list "arg1" 2)) }}
*/}}
{{- define "task-worker.fail" -}}
{{- $code := index . 0 -}}
{{- $a := index . 2 -}}
{{- $fmt := get (include "task-worker.contract" dict | fromJson).messages $code -}}
{{- $msg := $fmt -}}
{{- if eq (len $a) 1 }}{{ $msg = printf $fmt (index $a 0) }}
{{- else if eq (len $a) 2 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) }}
{{- else if eq (len $a) 3 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) (index $a 2) }}
{{- else if eq (len $a) 4 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) (index $a 2) (index $a 3) }}
{{- end -}}
{{- fail (printf "error[%s] %s: %s" $code (index . 1) $msg) -}}
{{- end -}}

{{/*
task-worker.quantity: a Kubernetes quantity as a number of base units, set into out.value.
Exact decimal arithmetic (mulf) so 1500m equals 1.5 and 1Gi equals 1073741824.
Usage: {{- $_ := include "task-worker.quantity" (dict "q" "512Mi" "out" $o) }}{{ $o.value }}
*/}}
{{- define "task-worker.quantity" -}}
{{- $q := .q -}}
{{- if not (kindIs "string" $q) -}}
{{- $_ := set .out "value" (float64 $q) -}}
{{- else -}}
{{- $num := regexFind "^([0-9]+([.][0-9]*)?|[.][0-9]+)" $q -}}
{{- $suffix := trimPrefix $num $q -}}
{{- if regexMatch "^[eE][-+]?[0-9]+$" $suffix -}}
{{- $_ := set .out "value" (float64 $q) -}}
{{- else -}}
{{- $factors := dict "" 1 "n" 0.000000001 "u" 0.000001 "m" 0.001 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "P" 1000000000000000 "E" 1000000000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "Pi" 1125899906842624 "Ei" 1152921504606846976 -}}
{{- $_ := set .out "value" (mulf (float64 $num) (get $factors $suffix)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkResources: MIXED_RESOURCE_FORMS and REQUEST_ABOVE_LIMIT for one worker.
Usage: {{- include "task-worker.checkResources" $w }}
*/}}
{{- define "task-worker.checkResources" -}}
{{- $r := get .spec "resources" | default dict -}}
{{- $at := printf "workers.%s.resources" .name -}}
{{- if and (or (hasKey $r "cpu") (hasKey $r "memory")) (or (hasKey $r "requests") (hasKey $r "limits")) -}}
{{- include "task-worker.fail" (list "MIXED_RESOURCE_FORMS" $at (list .name)) -}}
{{- end -}}
{{- $req := get $r "requests" | default dict -}}
{{- $lim := get $r "limits" | default dict -}}
{{- range $k := list "cpu" "memory" -}}
{{- if and (hasKey $req $k) (hasKey $lim $k) -}}
{{- $rq := dict -}}{{- $lq := dict -}}
{{- $_ := include "task-worker.quantity" (dict "q" (get $req $k) "out" $rq) -}}
{{- $_ = include "task-worker.quantity" (dict "q" (get $lim $k) "out" $lq) -}}
{{- if gt $rq.value $lq.value -}}
{{- include "task-worker.fail" (list "REQUEST_ABOVE_LIMIT" (printf "%s.requests.%s" $at $k) (list $.name $k (get $req $k) (get $lim $k))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkAutoscaling: AUTOSCALING_MAX_REQUIRED and HPA_MIN_ABOVE_MAX for one worker.
Usage: {{- include "task-worker.checkAutoscaling" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkAutoscaling" -}}
{{- $w := .w -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- if get $a "enabled" -}}
{{- $at := printf "workers.%s.autoscaling" $w.name -}}
{{- if not (hasKey $a "maxReplicas") -}}
{{- include "task-worker.fail" (list "AUTOSCALING_MAX_REQUIRED" $at (list $w.name)) -}}
{{- else -}}
{{- $min := hasKey $a "minReplicas" | ternary (get $a "minReplicas") .plan.contract.minReplicas -}}
{{- if gt (float64 $min) (float64 (get $a "maxReplicas")) -}}
{{- include "task-worker.fail" (list "HPA_MIN_ABOVE_MAX" (printf "%s.minReplicas" $at) (list $w.name $min (get $a "maxReplicas"))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkSelection: TASK_INCLUDED_AND_EXCLUDED and QUEUE_INCLUDED_AND_EXCLUDED.
Usage: {{- include "task-worker.checkSelection" $w }}
*/}}
{{- define "task-worker.checkSelection" -}}
{{- $w := . -}}
{{- range $pair := list (list "tasks" "excludeTasks" "TASK") (list "queues" "excludeQueues" "QUEUE") -}}
{{- $inc := index $pair 0 }}{{ $excluded := get $w.spec (index $pair 1) | default list -}}
{{- range $i, $n := get $w.spec $inc | default list -}}
{{- if has $n $excluded -}}
{{- include "task-worker.fail" (list (printf "%s_INCLUDED_AND_EXCLUDED" (index $pair 2)) (printf "workers.%s.%s[%d]" $w.name $inc $i) (list $w.name $n)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkApp: MISSING_APP, when the backend runs task-backend-worker and neither
taskConfig.app nor the worker's env names the module that registers the tasks.
Usage: {{- include "task-worker.checkApp" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkApp" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- if and .plan.ours (not (get $tc "app")) -}}
{{- $named := false -}}
{{- range $e := get .w.spec "env" | default list }}{{ if eq (get $e "name") $.plan.contract.env.app }}{{ $named = true }}{{ end }}{{ end -}}
{{- if not $named -}}
{{- include "task-worker.fail" (list "MISSING_APP" (printf "workers.%s" .w.name) (list .w.name)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkWorker: every per-worker check, in tb-gen's order, for an enabled worker.
Usage: {{- include "task-worker.checkWorker" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkWorker" -}}
{{- $w := .w -}}
{{- $max := int .plan.contract.maxName -}}
{{- if gt (len $w.objectName) $max -}}
{{- include "task-worker.fail" (list "NAME_TOO_LONG" (printf "workers.%s" $w.name) (list $w.name $w.objectName (len $w.objectName) $max)) -}}
{{- end -}}
{{- include "task-worker.checkResources" $w -}}
{{- include "task-worker.checkAutoscaling" . -}}
{{- include "task-worker.checkSelection" $w -}}
{{- include "task-worker.checkApp" . -}}
{{- end -}}
