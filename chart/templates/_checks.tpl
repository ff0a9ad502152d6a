{{/*
Checks the schema cannot express, as tb-gen runs them (src/config/checks.ts). Each fails the
render with tb-gen's code, the worker and the key: `error[CODE] workers.<name>.<key>: ...`.
Helm stops at the first failure; tb-gen lists them all.
*/}}

{{/*
task-worker.fail: fail the render with one tb-gen style message.
Usage: {{ include "task-worker.fail" (list "CODE" "workers.x.key" "message") }}
*/}}
{{- define "task-worker.fail" -}}
{{- fail (printf "error[%s] %s: %s" (index . 0) (index . 1) (index . 2)) -}}
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
{{- include "task-worker.fail" (list "MIXED_RESOURCE_FORMS" $at (printf "worker `%s` mixes the flat {memory, cpu} form with {requests, limits}; use one form" .name)) -}}
{{- end -}}
{{- $req := get $r "requests" | default dict -}}
{{- $lim := get $r "limits" | default dict -}}
{{- range $k := list "cpu" "memory" -}}
{{- if and (hasKey $req $k) (hasKey $lim $k) -}}
{{- $rq := dict -}}{{- $lq := dict -}}
{{- $_ := include "task-worker.quantity" (dict "q" (get $req $k) "out" $rq) -}}
{{- $_ = include "task-worker.quantity" (dict "q" (get $lim $k) "out" $lq) -}}
{{- if gt $rq.value $lq.value -}}
{{- include "task-worker.fail" (list "REQUEST_ABOVE_LIMIT" (printf "%s.requests.%s" $at $k) (printf "worker `%s` requests %s %v, above its limit %v" $.name $k (get $req $k) (get $lim $k))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkAutoscaling: AUTOSCALING_MAX_REQUIRED and HPA_MIN_ABOVE_MAX for one worker.
Usage: {{- include "task-worker.checkAutoscaling" $w }}
*/}}
{{- define "task-worker.checkAutoscaling" -}}
{{- $a := get .spec "autoscaling" | default dict -}}
{{- if get $a "enabled" -}}
{{- $at := printf "workers.%s.autoscaling" .name -}}
{{- if not (hasKey $a "maxReplicas") -}}
{{- include "task-worker.fail" (list "AUTOSCALING_MAX_REQUIRED" $at (printf "worker `%s` enables autoscaling without maxReplicas" .name)) -}}
{{- else -}}
{{- $min := hasKey $a "minReplicas" | ternary (get $a "minReplicas") 1 -}}
{{- if gt (float64 $min) (float64 (get $a "maxReplicas")) -}}
{{- include "task-worker.fail" (list "HPA_MIN_ABOVE_MAX" (printf "%s.minReplicas" $at) (printf "worker `%s`: autoscaling.minReplicas %v is above maxReplicas %v" .name $min (get $a "maxReplicas"))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkSelection: TASK/QUEUE_INCLUDED_AND_EXCLUDED and WORKER_SERVES_NOTHING.
Usage: {{- include "task-worker.checkSelection" $w }}
*/}}
{{- define "task-worker.checkSelection" -}}
{{- $w := . -}}
{{- range $pair := list (list "tasks" "excludeTasks" "task" "TASK") (list "queues" "excludeQueues" "queue" "QUEUE") -}}
{{- $inc := index $pair 0 }}{{ $exc := index $pair 1 }}{{ $what := index $pair 2 -}}
{{- $excluded := get $w.spec $exc | default list -}}
{{- if hasKey $w.spec $inc -}}
{{- $list := get $w.spec $inc | default list -}}
{{- range $i, $n := $list -}}
{{- if has $n $excluded -}}
{{- include "task-worker.fail" (list (printf "%s_INCLUDED_AND_EXCLUDED" (index $pair 3)) (printf "workers.%s.%s[%d]" $w.name $inc $i) (printf "worker `%s` both includes and excludes %s `%s`" $w.name $what $n)) -}}
{{- end -}}
{{- end -}}
{{- /* past the loop no listed name is excluded, so "serves nothing" means an empty list */ -}}
{{- if not $list -}}
{{- include "task-worker.fail" (list "WORKER_SERVES_NOTHING" (printf "workers.%s.%s" $w.name $inc) (printf "worker `%s` serves no %s: %s is empty" $w.name $what $inc)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkWorker: every per-worker check, in tb-gen's order, for an enabled worker.
Usage: {{- include "task-worker.checkWorker" $w }}
*/}}
{{- define "task-worker.checkWorker" -}}
{{- if gt (len .objectName) 63 -}}
{{- include "task-worker.fail" (list "NAME_TOO_LONG" (printf "workers.%s" .name) (printf "objects of worker `%s` would be named `%s` (%d characters; Kubernetes allows 63); shorten the worker name or set fullnameOverride" .name .objectName (len .objectName))) -}}
{{- end -}}
{{- include "task-worker.checkResources" . -}}
{{- include "task-worker.checkAutoscaling" . -}}
{{- include "task-worker.checkSelection" . -}}
{{- end -}}
