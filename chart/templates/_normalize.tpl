{{/*
Mirrors: src/plan/normalize.ts: merged values to a plan of resolved workers (defaults < profile <
worker); templates render from the plan, never from .Values.
*/}}

{{/*
task-worker.resolveWorker: one worker as tb-gen's ResolvedWorker, set into out:
name, objectName, profile (when one applies), enabled, spec. Fails on an unknown profile
unless the worker itself says enabled: false.
Usage: {{- $_ := include "task-worker.resolveWorker" (dict "ctx" $ "plan" $plan "name" $name "out" $w) }}
*/}}
{{- define "task-worker.resolveWorker" -}}
{{- $v := .plan.values -}}
{{- $own := get (get $v "workers" | default dict) .name | default dict -}}
{{- $defaults := get $v "defaults" | default dict -}}
{{- $profiles := get $v "profiles" | default dict -}}
{{- $profile := get $own "profile" | default (get $defaults "profile") -}}
{{- $profileSpec := dict -}}
{{- if $profile -}}
{{- if hasKey $profiles $profile -}}
{{- $profileSpec = get $profiles $profile | default dict -}}
{{- else if not (eq (get $own "enabled" | toString) "false") -}}
{{- $at := hasKey $own "profile" | ternary (printf "workers.%s.profile" .name) "defaults.profile" -}}
{{- include "task-worker.fail" (list "UNKNOWN_PROFILE" $at (list .name $profile)) -}}
{{- end -}}
{{- end -}}
{{- $spec := dict -}}
{{- range $layer := list $defaults $profileSpec $own -}}
{{- $copy := deepCopy $layer -}}
{{- $_ := include "task-worker.nestResources" $copy -}}
{{- $_ = include "task-worker.mergeInto" (dict "dst" $spec "src" $copy) -}}
{{- end -}}
{{- $out := .out -}}
{{- $_ := set $out "name" .name -}}
{{- $_ = set $out "objectName" (printf "%s-%s" .plan.fullname .name) -}}
{{- if $profile }}{{ $_ = set $out "profile" $profile }}{{ end -}}
{{- $_ = set $out "enabled" (ne (get $spec "enabled" | toString) "false") -}}
{{- $_ = set $out "spec" $spec -}}
{{- $_ = set $out "ours" (eq (include "task-worker.runsOurs" $out) "true") -}}
{{- end -}}

{{/*
task-worker.plan: everything the templates render from, set into out: contract (the shared
names and defaults), values (.Values without nulls), name, fullname, chartLabel, backend, bullmq
(the backend is BullMQ), all (every worker, resolved, by name; w.ours when it runs
task-backend-worker), enabled (those rendered) and anyOurs (an enabled worker runs task-backend-worker). Templates read values from plan.values, never from .Values.
Usage: {{- $plan := dict }}{{ $_ := include "task-worker.plan" (dict "ctx" $ "out" $plan) }}
*/}}
{{- define "task-worker.plan" -}}
{{- $ctx := .ctx -}}
{{- $plan := .out -}}
{{- $values := deepCopy $ctx.Values -}}
{{- $_ := include "task-worker.stripNulls" $values -}}
{{- $_ = set $plan "contract" (include "task-worker.contract" $ctx | fromJson) -}}
{{- $_ = set $plan "values" $values -}}
{{- $_ = set $plan "name" (include "task-worker.name" $ctx) -}}
{{- $_ = set $plan "fullname" (include "task-worker.fullname" $ctx) -}}
{{- $_ = set $plan "chartLabel" (include "task-worker.chartLabel" $ctx) -}}
{{- $_ = set $plan "backend" (get (get $values "taskConfig" | default dict) "backend_type" | default $plan.contract.backend.default) -}}
{{- $_ = set $plan "bullmq" (eq $plan.backend $plan.contract.backend.bullmq) -}}
{{- $all := list -}}
{{- $enabled := list -}}
{{- range $name := keys (get $values "workers" | default dict) | sortAlpha -}}
{{- $w := dict -}}
{{- $_ = include "task-worker.resolveWorker" (dict "ctx" $ctx "plan" $plan "name" $name "out" $w) -}}
{{- $all = append $all $w -}}
{{- if $w.enabled -}}
{{- $_ = include "task-worker.workerLabels" (dict "ctx" $ctx "plan" $plan "w" $w) -}}
{{- $enabled = append $enabled $w -}}
{{- end -}}
{{- end -}}
{{- $_ = set $plan "all" $all -}}
{{- $_ = include "task-worker.releaseLabels" (dict "ctx" $ctx "plan" $plan) -}}
{{- $_ = set $plan "enabled" $enabled -}}
{{- $anyOurs := false }}{{ range $w := $enabled }}{{ if $w.ours }}{{ $anyOurs = true }}{{ end }}{{ end -}}
{{- $_ = set $plan "anyOurs" $anyOurs -}}
{{- end -}}
