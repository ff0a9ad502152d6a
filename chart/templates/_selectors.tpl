{{/*
Mirrors: src/render/selectors.ts: spread constraints and pod (anti-)affinity terms without a
labelSelector get the worker's own selector (a null selector matches no pod).
*/}}

{{/*
task-worker.withSelector: a copy of a spread constraint or pod-affinity term, given the worker's
selector labels when it has no labelSelector (a null selector matches no pod), set into out.term.
Usage: {{- $o := dict }}{{ $_ := include "task-worker.withSelector" (dict "term" $t "selector" $w.selector "out" $o) }}
*/}}
{{- define "task-worker.withSelector" -}}
{{- $t := deepCopy .term -}}
{{- if and (kindIs "map" $t) (not (hasKey $t "labelSelector")) }}{{ $_ := set $t "labelSelector" (dict "matchLabels" .selector) }}{{ end -}}
{{- $_ := set .out "term" $t -}}
{{- end -}}

{{/*
task-worker.spread: the worker's topologySpreadConstraints, each with a selector, set into out.list.
Usage: {{- $o := dict }}{{ $_ := include "task-worker.spread" (dict "w" $w "out" $o) }}
*/}}
{{- define "task-worker.spread" -}}
{{- $list := list -}}
{{- range $c := get .w.spec "topologySpreadConstraints" | default list -}}
{{- $o := dict }}{{ $_ := include "task-worker.withSelector" (dict "term" $c "selector" $.w.selector "out" $o) -}}
{{- $list = append $list $o.term -}}
{{- end -}}
{{- $_ := set .out "list" $list -}}
{{- end -}}

{{/*
task-worker.affinity: the worker's affinity, every podAffinity/podAntiAffinity term with a
selector, set into out.affinity.
Usage: {{- $o := dict }}{{ $_ := include "task-worker.affinity" (dict "w" $w "out" $o) }}
*/}}
{{- define "task-worker.affinity" -}}
{{- $a := deepCopy (get .w.spec "affinity" | default dict) -}}
{{- $sel := .w.selector -}}
{{- range $kind := list "podAffinity" "podAntiAffinity" -}}
{{- $k := get $a $kind -}}
{{- if kindIs "map" $k -}}
{{- $req := list -}}
{{- range $t := get $k "requiredDuringSchedulingIgnoredDuringExecution" | default list -}}
{{- $o := dict }}{{ $_ := include "task-worker.withSelector" (dict "term" $t "selector" $sel "out" $o) }}{{ $req = append $req $o.term -}}
{{- end -}}
{{- if hasKey $k "requiredDuringSchedulingIgnoredDuringExecution" }}{{ $_ := set $k "requiredDuringSchedulingIgnoredDuringExecution" $req }}{{ end -}}
{{- $pref := list -}}
{{- range $p := get $k "preferredDuringSchedulingIgnoredDuringExecution" | default list -}}
{{- $p = deepCopy $p -}}
{{- if kindIs "map" $p }}{{ $o := dict }}{{ $_ := include "task-worker.withSelector" (dict "term" (get $p "podAffinityTerm") "selector" $sel "out" $o) }}{{ $_ = set $p "podAffinityTerm" $o.term }}{{ end -}}
{{- $pref = append $pref $p -}}
{{- end -}}
{{- if hasKey $k "preferredDuringSchedulingIgnoredDuringExecution" }}{{ $_ := set $k "preferredDuringSchedulingIgnoredDuringExecution" $pref }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $_ := set .out "affinity" $a -}}
{{- end -}}
