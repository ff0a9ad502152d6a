{{/*
Mirrors: src/values/merge.ts (mergeSpecs, withoutNulls): tb-gen's merge rules. Sprig's
merge/mergeOverwrite and `default` treat 0, false and {} as "unset"; these helpers test keys with
hasKey instead, so an explicit 0, false or {} wins. Helpers that compute a value set it into an
`out` dict (or mutate `dst`) because `include` can only return text.
*/}}

{{/*
task-worker.stripNulls: delete null map entries, recursively, in place (lists are left alone).
Helm keeps a null that does not override a chart default (or that a later -f file writes over an
earlier one); tb-gen drops every such null when it merges values files. After this both see the
same values.
Usage: {{- $_ := include "task-worker.stripNulls" $map }}
*/}}
{{- define "task-worker.stripNulls" -}}
{{- $m := . -}}
{{- range $k, $v := $m -}}
{{- if kindIs "invalid" $v }}{{ $_ := unset $m $k }}
{{- else if kindIs "map" $v }}{{ $_ := include "task-worker.stripNulls" $v }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.mergeInto: merge one worker-spec layer into dst, in place.
For each key of src: a non-empty map over a map merges key by key (recursively); anything else
- a list, a scalar, an explicit {} - replaces. (Nulls are gone by now: task-worker.stripNulls.)
src must be a private copy (see task-worker.resolveWorker): its subtrees move into dst.
Usage: {{- $_ := include "task-worker.mergeInto" (dict "dst" $spec "src" $layer) }}
*/}}
{{- define "task-worker.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $k, $v := .src -}}
{{- $base := get $dst $k -}}
{{- if and (kindIs "map" $v) $v (kindIs "map" $base) -}}
{{- $_ := include "task-worker.mergeInto" (dict "dst" $base "src" $v) -}}
{{- else -}}
{{- $_ := set $dst $k $v -}}
{{- end -}}
{{- end -}}
{{- end -}}
