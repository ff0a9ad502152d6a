{{/*
Alert and recording rules per worker, as tb-gen derives them (src/render/prometheusrule.ts); the
rule texts come from the contract (src/contract/monitoring.ts) and are filled with printf, which
reads their %[n]s directives as tb-gen's fill() does.
*/}}

{{/*
task-worker.workerFacts: what a worker's rules are computed from, set into out: concurrency, max
(replicas at full scale), floor (replicas it always runs), autoscaled, keda.
Usage: {{- $f := dict }}{{ $_ := include "task-worker.workerFacts" (dict "plan" $plan "w" $w "out" $f) }}
*/}}
{{- define "task-worker.workerFacts" -}}
{{- $s := .w.spec -}}
{{- $c := .plan.contract -}}
{{- $a := get $s "autoscaling" | default dict -}}
{{- $replicas := hasKey $s "replicas" | ternary (get $s "replicas") $c.replicas | int -}}
{{- $auto := eq (get $a "enabled" | toString) "true" -}}
{{- $_ := set .out "concurrency" (get $s "concurrency" | default $c.concurrency | int) -}}
{{- $_ = set .out "max" ($auto | ternary (get $a "maxReplicas" | default $replicas) $replicas | int) -}}
{{- $_ = set .out "floor" ($auto | ternary (hasKey $a "minReplicas" | ternary (get $a "minReplicas") $c.minReplicas) $replicas | int) -}}
{{- $_ = set .out "autoscaled" $auto -}}
{{- $_ = set .out "keda" (eq (include "task-worker.mode" (dict "plan" .plan "w" .w)) "keda") -}}
{{- end -}}

{{/*
task-worker.fill: a contract rule text with its eight %[n]s arguments filled in (see RuleArgs in
src/contract/monitoring.ts for their order).
Usage: {{ include "task-worker.fill" (dict "text" $text "args" $args) }}
*/}}
{{- define "task-worker.fill" -}}
{{- $a := .args -}}
{{- printf .text (index $a 0) (index $a 1) (index $a 2) (index $a 3) (index $a 4) (index $a 5) (index $a 6) (index $a 7) -}}
{{- end -}}

{{/*
task-worker.ruleGroup: one worker's rule group (its recording rules, then the alerts in its scope
that monitoring.rules.alerts leaves enabled), set into out: name, rules.
Usage: {{- $g := dict }}{{ $_ := include "task-worker.ruleGroup" (dict "ctx" $ "plan" $plan "w" $w "out" $g) }}
*/}}
{{- define "task-worker.ruleGroup" -}}
{{- $m := .plan.contract.monitoring -}}
{{- $r := get (get .plan.values "monitoring" | default dict) "rules" | default dict -}}
{{- $f := dict }}{{ $_ := include "task-worker.workerFacts" (dict "plan" .plan "w" .w "out" $f) -}}
{{- $ns := .ctx.Release.Namespace -}}
{{- $sel := printf "%s=%q,worker=%q" $m.namespaceLabel $ns .w.name -}}
{{- $keda := printf "%s=%q,scaledObject=%q" (get $r "kedaNamespaceLabel" | default $m.kedaNamespaceLabel) $ns .w.objectName -}}
{{- $window := get $r "rateWindow" | default $m.rateWindow -}}
{{- $args := list $sel (mul $f.concurrency $f.max | toString) "" $window (toString $f.max) $keda .w.name (toString $f.concurrency) -}}
{{- $rules := list -}}
{{- range $x := $m.records -}}
{{- $rules = append $rules (dict "record" $x.record "expr" (include "task-worker.fill" (dict "text" $x.expr "args" $args)) "labels" (dict "worker" $.w.name)) -}}
{{- end -}}
{{- range $a := $m.alerts -}}
{{- $set := get (get $r "alerts" | default dict) $a.key | default dict -}}
{{- $scope := or (eq $a.scope "all") (and (eq $a.scope "floor") (gt $f.floor 0)) (and (eq $a.scope "autoscaled") $f.autoscaled) (and (eq $a.scope "scaleToZero") $f.keda (eq $f.floor 0)) -}}
{{- if and $scope (ne (get $set "enabled" | toString) "false") -}}
{{- $t := hasKey $set "threshold" | ternary (get $set "threshold") (get $a "threshold") -}}
{{- $aa := list (index $args 0) (index $args 1) (hasKey $a "threshold" | ternary (toString $t) "") (index $args 3) (index $args 4) (index $args 5) (index $args 6) (index $args 7) -}}
{{- $labels := deepCopy (get $r "alertLabels" | default dict) -}}
{{- $_ := set $labels "severity" (get $set "severity" | default $a.severity) -}}
{{- $_ = set $labels "worker" $.w.name -}}
{{- $rules = append $rules (dict "alert" $a.alert "expr" (include "task-worker.fill" (dict "text" $a.expr "args" $aa)) "for" (get $set "for" | default (get $a "for")) "labels" $labels "summary" (include "task-worker.fill" (dict "text" $a.summary "args" $aa)) "description" (include "task-worker.fill" (dict "text" $a.description "args" $aa))) -}}
{{- end -}}
{{- end -}}
{{- $_ := set .out "name" .w.objectName -}}
{{- $_ = set .out "rules" $rules -}}
{{- end -}}
