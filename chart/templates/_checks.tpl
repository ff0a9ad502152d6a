{{/*
Mirrors: src/plan/checks.ts: the per-worker checks the schema cannot express, in tb-gen's
order. Each fails the render with tb-gen's code and message (task-worker.fail):
`error[CODE] workers.<name>.<key>: <message>`. Helm stops at the first; tb-gen lists them all.
Warnings cannot stop a render and stay tb-gen's (docs/chart-map.md).
*/}}

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
{{- range $pair := list (list "tasks" "excludeTasks" "TASK_INCLUDED_AND_EXCLUDED") (list "queues" "excludeQueues" "QUEUE_INCLUDED_AND_EXCLUDED") -}}
{{- $inc := index $pair 0 }}{{ $excluded := get $w.spec (index $pair 1) | default list -}}
{{- range $i, $n := get $w.spec $inc | default list -}}
{{- if has $n $excluded -}}
{{- include "task-worker.fail" (list (index $pair 2) (printf "workers.%s.%s[%d]" $w.name $inc $i) (list $w.name $n)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkApp: MISSING_APP, when the worker runs task-backend-worker (either backend) from the project's own
image and neither taskConfig.app nor the worker's env names the module that registers the tasks
(a custom image may bake TASK_BACKEND_APP in).
Usage: {{- include "task-worker.checkApp" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkApp" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $repo := get (get .w.spec "image" | default dict) "repository" | default (get (get .plan.values "image" | default dict) "repository") | default .plan.contract.container.repository -}}
{{- if and .w.ours (not (get $tc "app")) (eq $repo .plan.contract.container.repository) -}}
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
{{- include "task-worker.checkScaling" . -}}
{{- include "task-worker.checkPdb" . -}}
{{- include "task-worker.checkSelection" $w -}}
{{- include "task-worker.checkApp" . -}}
{{- include "task-worker.checkEnv" . -}}
{{- include "task-worker.checkCelery" . -}}
{{- end -}}
