{{/*
Mirrors: src/plan/resolve.ts: settings resolved from a worker's layers (the flat resources
form, the image).
*/}}

{{/*
task-worker.nestResources: the brief's flat resources {memory, cpu} mean requests and limits
both set to those values; rewrite a layer's flat form, in place, before it is merged. A layer
that mixes the flat and nested forms is left alone (task-worker.checkWorker rejects it).
Usage: {{- $_ := include "task-worker.nestResources" $layer }}
*/}}
{{- define "task-worker.nestResources" -}}
{{- $r := get . "resources" -}}
{{- if and (kindIs "map" $r) (or (hasKey $r "cpu") (hasKey $r "memory")) (not (or (hasKey $r "requests") (hasKey $r "limits"))) -}}
{{- $flat := pick $r "cpu" "memory" -}}
{{- $_ := set . "resources" (dict "requests" $flat "limits" (deepCopy $flat)) -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.image: the worker's image, its own image over the top-level one, set into w.image
(repository, tag, pullPolicy, digest); the tag defaults to the chart's appVersion; a top-level
digest pins the top-level image only, not a worker's own repository or tag (render/container.ts).
Usage: {{- $_ := include "task-worker.image" (dict "ctx" $ "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.image" -}}
{{- $top := get .plan.values "image" | default dict -}}
{{- $own := get .w.spec "image" | default dict -}}
{{- $c := .plan.contract.container -}}
{{- $repo := get $own "repository" | default (get $top "repository") | default $c.repository -}}
{{- $tag := get $own "tag" | default (get $top "tag") | default .ctx.Chart.AppVersion -}}
{{- $policy := get $own "pullPolicy" | default (get $top "pullPolicy") | default $c.pullPolicy -}}
{{- $digest := get $own "digest" | default (ternary "" (get $top "digest" | default "") (or (get $own "repository") (get $own "tag") | empty | not)) -}}
{{- $_ := set .w "image" (dict "repository" $repo "tag" $tag "pullPolicy" $policy "digest" $digest) -}}
{{- end -}}
