{{/*
Static routing, as tb-gen checks it (src/config/routing.ts). Every task has one queue: its
entry under tasks:, else its own name. BullMQ cannot filter a queue by job name, so a worker
that consumes a queue must serve every task routed to it.
*/}}

{{/*
task-worker.serves: "true" when worker spec s serves task t, whose queue is q; else "".
Usage: {{ if include "task-worker.serves" (dict "s" $spec "t" $task "q" $queue) }}...{{ end }}
*/}}
{{- define "task-worker.serves" -}}
{{- $s := .s -}}
{{- if and (or (not (hasKey $s "tasks")) (has .t (get $s "tasks"))) (not (has .t (get $s "excludeTasks" | default list))) (or (not (hasKey $s "queues")) (has .q (get $s "queues"))) (not (has .q (get $s "excludeQueues" | default list))) -}}
true
{{- end -}}
{{- end -}}

{{/*
task-worker.taskCatalogue: the known tasks (tasks: keys and every task any worker names,
enabled or not), sorted, and each one's queue; set into out.tasks, out.queueOf, out.byQueue.
Usage: {{- $r := dict }}{{ $_ := include "task-worker.taskCatalogue" (dict "ctx" $ "plan" $plan "out" $r) }}
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
{{- end -}}

{{/*
task-worker.routing: fails with QUEUE_SHARED_WITH_REFUSED_TASK when an enabled worker consumes
a queue and refuses a task routed to it; sets out.unserved to the tasks no enabled worker
serves (tb-gen's TASK_NOT_SERVED warning, which the chart shows in NOTES.txt).
Usage: {{- $r := dict }}{{ $_ := include "task-worker.routing" (dict "ctx" $ "plan" $plan "out" $r) }}
*/}}
{{- define "task-worker.routing" -}}
{{- $r := .out -}}
{{- $_ := include "task-worker.taskCatalogue" (dict "ctx" .ctx "plan" .plan "out" $r) -}}
{{- $served := dict -}}
{{- range $w := .plan.enabled -}}
{{- $s := $w.spec -}}
{{- $candidates := $r.tasks -}}
{{- if hasKey $s "tasks" }}{{ $candidates = get $s "tasks" }}{{ end -}}
{{- $derived := list -}}
{{- range $t := $candidates -}}
{{- if include "task-worker.serves" (dict "s" $s "t" $t "q" (get $r.queueOf $t)) -}}
{{- $_ = set $served $t true -}}
{{- $derived = append $derived (get $r.queueOf $t) -}}
{{- end -}}
{{- end -}}
{{- $consumed := uniq $derived -}}
{{- if hasKey $s "queues" }}{{ $consumed = get $s "queues" }}{{ end -}}
{{- range $q := $consumed -}}
{{- if not (has $q (get $s "excludeQueues" | default list)) -}}
{{- $refused := list -}}
{{- range $t := get $r.byQueue $q | default list -}}
{{- if not (include "task-worker.serves" (dict "s" $s "t" $t "q" $q)) }}{{ $refused = append $refused (printf "`%s`" $t) }}{{ end -}}
{{- end -}}
{{- if $refused -}}
{{- include "task-worker.fail" (list "QUEUE_SHARED_WITH_REFUSED_TASK" (printf "workers.%s" $w.name) (printf "worker `%s` consumes queue `%s`, but refuses %s routed to it; those jobs would fail there" $w.name $q (join ", " $refused))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $unserved := list -}}
{{- range $t := $r.tasks }}{{ if not (hasKey $served $t) }}{{ $unserved = append $unserved $t }}{{ end }}{{ end -}}
{{- $_ = set $r "unserved" $unserved -}}
{{- end -}}
