{{/*
Pod details, as tb-gen renders them (src/render/deployment.ts, selectors.ts, serviceaccount.ts).
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

{{/*
task-worker.serviceAccountName: serviceAccount.name, else the fullname when one is created, else
nothing (the namespace's default account).
Usage: {{ include "task-worker.serviceAccountName" $plan }}
*/}}
{{- define "task-worker.serviceAccountName" -}}
{{- $sa := get .values "serviceAccount" | default dict -}}
{{- get $sa "name" | default (ternary .fullname "" (eq (get $sa "create" | toString) "true")) -}}
{{- end -}}

{{/*
task-worker.volumes: the worker's own volumes, then the /tmp emptyDir when it needs one, then the
Redis TLS Secrets (task-worker.redisVolumes).
Usage: {{- include "task-worker.volumes" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.volumes" -}}
{{- $s := .w.spec -}}
{{- $tmp := include "task-worker.needsTmpDir" . -}}
{{- $redisVolumes := include "task-worker.redisVolumes" .plan -}}
{{- if or (get $s "volumes") $tmp $redisVolumes }}
volumes:
  {{- with get $s "volumes" }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- if $tmp }}
  {{- $t := get $s "tmpDir" | default dict }}
  - name: {{ .plan.contract.tmpDir.volume }}
    emptyDir:
      sizeLimit: {{ get $t "sizeLimit" | default .plan.contract.tmpDir.sizeLimit | toJson }}
      {{- with get $t "medium" }}
      medium: {{ . | toJson }}
      {{- end }}
  {{- end }}
  {{- with $redisVolumes }}{{ trim . | nindent 2 }}{{ end }}
{{- end }}
{{- end -}}
