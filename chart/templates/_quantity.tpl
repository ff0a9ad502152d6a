{{/*
Mirrors: src/plan/quantity.ts: Kubernetes quantities as numbers, so the checks compare them
exactly as tb-gen does.
*/}}

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
