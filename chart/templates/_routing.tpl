{{/*
Mirrors: src/plan/routing.ts: static routing, as tb-gen checks it (the worker's own selection rule
is src/contract/selection.ts). Every task has one queue: its entry under tasks:, else its own
name. BullMQ cannot filter a queue by job name, so a worker that consumes a queue must serve
every task routed to it. An empty filter list is no flag at all, as in the rendered args.
*/}}

{{/*
task-worker.filters: a worker's four filter lists, the empty ones left out, set into out.
Usage: {{- $f := dict }}{{ $_ := include "task-worker.filters" (dict "s" $spec "out" $f) }}
*/}}
{{- define "task-worker.filters" -}}
{{- range $k := list "tasks" "excludeTasks" "queues" "excludeQueues" -}}
{{- with get $.s $k }}{{ $_ := set $.out $k . }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.serves: "true" when filters f serve task t, whose queue is q; else "".
Usage: {{ if include "task-worker.serves" (dict "f" $f "t" $task "q" $queue) }}...{{ end }}
*/}}
{{- define "task-worker.serves" -}}
{{- $f := .f -}}
{{- if and (or (not (hasKey $f "tasks")) (has .t (get $f "tasks"))) (not (has .t (get $f "excludeTasks" | default list))) (or (not (hasKey $f "queues")) (has .q (get $f "queues"))) (not (has .q (get $f "excludeQueues" | default list))) -}}
true
{{- end -}}
{{- end -}}

{{/*
task-worker.taskCatalogue: the known tasks (tasks: keys and every task any worker names,
enabled or not), sorted, each one's queue, the tasks on each queue, and the known queues;
set into out.tasks, out.queueOf, out.byQueue, out.queues.
Usage: {{- $r := dict }}{{ $_ := include "task-worker.taskCatalogue" (dict "plan" $plan "out" $r) }}
*/}}
{{- define "task-worker.taskCatalogue" -}}
{{- $catalogue := get .plan.values "tasks" | default dict -}}
{{- $known := keys $catalogue -}}
{{- range $w := .plan.all -}}
{{- $known = concat $known (get $w.spec "tasks" | default list) (get $w.spec "excludeTasks" | default list) -}}
{{- end -}}
{{- $tasks := $known | uniq | sortAlpha -}}
{{- $queueOf := dict -}}
{{- $byQueue := dict -}}
{{- range $t := $tasks -}}
{{- $q := get (get $catalogue $t | default dict) "queue" | default $t -}}
{{- $_ := set $queueOf $t $q -}}
{{- $_ = set $byQueue $q (append (get $byQueue $q | default list) $t) -}}
{{- end -}}
{{- $_ := set .out "tasks" $tasks -}}
{{- $_ = set .out "queueOf" $queueOf -}}
{{- $_ = set .out "byQueue" $byQueue -}}
{{- $_ = set .out "queues" (keys $byQueue | sortAlpha) -}}
{{- end -}}

{{/*
task-worker.servesNothing: WORKER_SERVES_NOTHING with tb-gen's reason: an empty list, a list
entirely excluded, or (for task-backend-worker, when its lists or the tasks: catalogue say which
tasks the app has) no task on a consumed queue.
Usage: {{- include "task-worker.servesNothing" (dict "plan" $plan "w" $w "served" $served "unknown" $unknown) }}
*/}}
{{- define "task-worker.servesNothing" -}}
{{- $s := .w.spec -}}
{{- $why := "" }}{{ $key := "tasks" -}}
{{- $tasks := get $s "tasks" | default list }}{{ $queues := get $s "queues" | default list -}}
{{- $allTasksExcluded := true }}{{ range $t := $tasks }}{{ if not (has $t (get $s "excludeTasks" | default list)) }}{{ $allTasksExcluded = false }}{{ end }}{{ end -}}
{{- $allQueuesExcluded := true }}{{ range $q := $queues }}{{ if not (has $q (get $s "excludeQueues" | default list)) }}{{ $allQueuesExcluded = false }}{{ end }}{{ end -}}
{{- if and (hasKey $s "tasks") (not $tasks) }}{{ $why = "tasks is empty" }}
{{- else if and $tasks $allTasksExcluded }}{{ $why = "every task in tasks is excluded" }}
{{- else if and (hasKey $s "queues") (not $queues) }}{{ $why = "queues is empty" }}{{ $key = "queues" }}
{{- else if and $queues $allQueuesExcluded }}{{ $why = "every queue in queues is excluded" }}{{ $key = "queues" }}
{{- else if and .w.ours (or (hasKey $s "tasks") (hasKey $s "queues") (get .plan.values "tasks")) (not .served) (not .unknown) }}
{{- $why = "no task it selects is routed to a queue it consumes" }}{{ if not (hasKey $s "tasks") }}{{ $key = ternary "queues" "" (hasKey $s "queues") }}{{ end }}
{{- end -}}
{{- if $why -}}
{{- include "task-worker.fail" (list "WORKER_SERVES_NOTHING" (printf "workers.%s%s" .w.name (ternary (printf ".%s" $key) "" (ne $key ""))) (list .w.name $why)) -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.routing: for each enabled worker, in order, WORKER_SERVES_NOTHING, UNKNOWN_QUEUE and
LISTED_TASK_NOT_CONSUMED (for task-backend-worker, which refuses both at start), KEDA_QUEUES_UNKNOWN and
QUEUE_SHARED_WITH_REFUSED_TASK; sets w.consumed (the queues it consumes) on each, and out.unserved to the tasks no enabled worker serves (tb-gen's TASK_NOT_SERVED warning, which
the chart shows in NOTES.txt).
Usage: {{- $r := dict }}{{ $_ := include "task-worker.routing" (dict "plan" $plan "out" $r) }}
*/}}
{{- define "task-worker.routing" -}}
{{- $r := .out -}}
{{- $plan := .plan -}}
{{- $_ := include "task-worker.taskCatalogue" (dict "plan" $plan "out" $r) -}}
{{- $servedAny := dict -}}
{{- range $w := $plan.enabled -}}
{{- $f := dict }}{{ $_ = include "task-worker.filters" (dict "s" $w.spec "out" $f) -}}
{{- $served := list -}}
{{- range $t := $r.tasks }}{{ if include "task-worker.serves" (dict "f" $f "t" $t "q" (get $r.queueOf $t)) }}{{ $served = append $served $t }}{{ $_ = set $servedAny $t true }}{{ end }}{{ end -}}
{{- $unknown := list -}}
{{- range $k := list "queues" "excludeQueues" }}{{ range $i, $q := get $f $k | default list }}{{ if not (has $q $r.queues) }}{{ $unknown = append $unknown (list $k $i $q) }}{{ end }}{{ end }}{{ end -}}
{{- $_ = include "task-worker.servesNothing" (dict "plan" $plan "w" $w "served" $served "unknown" $unknown) -}}
{{- if $w.ours }}{{ range $u := $unknown -}}
{{- include "task-worker.fail" (list "UNKNOWN_QUEUE" (printf "workers.%s.%s[%d]" $w.name (index $u 0) (index $u 1)) (list $w.name (index $u 2) (index $u 0))) -}}
{{- end }}{{ end -}}
{{- if and $w.ours (hasKey $f "tasks") (hasKey $f "queues") }}{{ range $i, $t := get $f "tasks" -}}
{{- $q := get $r.queueOf $t -}}
{{- if not (or (has $q (get $f "queues")) (has $t (get $f "excludeTasks" | default list)) (has $q (get $f "excludeQueues" | default list))) -}}
{{- include "task-worker.fail" (list "LISTED_TASK_NOT_CONSUMED" (printf "workers.%s.tasks[%d]" $w.name $i) (list $w.name $t $q (join ", " (get $f "queues")))) -}}
{{- end }}{{ end }}{{ end -}}
{{- $consumed := list -}}
{{- if hasKey $f "queues" }}{{ range $q := get $f "queues" }}{{ if not (has $q (get $f "excludeQueues" | default list)) }}{{ $consumed = append $consumed $q }}{{ end }}{{ end }}
{{- else }}{{ range $t := $served }}{{ $consumed = append $consumed (get $r.queueOf $t) }}{{ end }}{{ end -}}
{{- $consumed = uniq $consumed -}}
{{- $_ = set $w "consumed" $consumed -}}
{{- if and (eq (include "task-worker.mode" (dict "plan" $plan "w" $w)) "keda") (not $consumed) -}}
{{- include "task-worker.fail" (list "KEDA_QUEUES_UNKNOWN" (printf "workers.%s.autoscaling" $w.name) (list $w.name)) -}}
{{- end -}}
{{- range $q := $consumed -}}
{{- $refused := list -}}
{{- range $t := get $r.byQueue $q | default list }}{{ if not (has $t $served) }}{{ $refused = append $refused (printf "`%s`" $t) }}{{ end }}{{ end -}}
{{- if $refused -}}
{{- include "task-worker.fail" (list "QUEUE_SHARED_WITH_REFUSED_TASK" (printf "workers.%s" $w.name) (list $w.name $q (join ", " $refused))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $unserved := list -}}
{{- range $t := $r.tasks }}{{ if not (hasKey $servedAny $t) }}{{ $unserved = append $unserved $t }}{{ end }}{{ end -}}
{{- $_ = set $r "unserved" $unserved -}}
{{- end -}}
