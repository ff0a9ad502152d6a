{{/*
Mirrors: src/contract/codes.ts (formatMessage): how every check of the chart fails, with
tb-gen's code and tb-gen's message, word for word.
*/}}

{{/*
task-worker.fail: fail the render with one code's shared message, its %s/%d/%v verbs filled from
args (at most four). Pass integers for %d.
Usage: {{ include "task-worker.fail" (list "CODE" "workers.x.key" (list "arg1" 2)) }}
*/}}
{{- define "task-worker.fail" -}}
{{- $code := index . 0 -}}
{{- $a := index . 2 -}}
{{- $fmt := get (include "task-worker.contract" dict | fromJson).messages $code -}}
{{- $msg := $fmt -}}
{{- if eq (len $a) 1 }}{{ $msg = printf $fmt (index $a 0) }}
{{- else if eq (len $a) 2 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) }}
{{- else if eq (len $a) 3 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) (index $a 2) }}
{{- else if eq (len $a) 4 }}{{ $msg = printf $fmt (index $a 0) (index $a 1) (index $a 2) (index $a 3) }}
{{- end -}}
{{- fail (printf "error[%s] %s: %s" $code (index . 1) $msg) -}}
{{- end -}}
