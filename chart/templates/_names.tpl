{{/*
Mirrors: src/contract/names.ts: the chart name and fullname object names derive from. Names are
never truncated: a name over 63 characters fails the render (task-worker.checkWorker).
Helpers read values with get/hasKey, never .Values.x.y on optional keys, so that
`helm lint --strict` (missing keys are errors) passes.
*/}}

{{/*
task-worker.name: the chart name used in names and labels: nameOverride, else the chart's name.
Usage: {{ include "task-worker.name" $ }}
*/}}
{{- define "task-worker.name" -}}
{{- get .Values "nameOverride" | default .Chart.Name -}}
{{- end -}}

{{/*
task-worker.fullname: fullnameOverride, else the release name when it already contains the
chart name, else <release>-<name>.
Usage: {{ include "task-worker.fullname" $ }}
*/}}
{{- define "task-worker.fullname" -}}
{{- $name := include "task-worker.name" . -}}
{{- if get .Values "fullnameOverride" -}}
{{- .Values.fullnameOverride -}}
{{- else if contains $name .Release.Name -}}
{{- .Release.Name -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name -}}
{{- end -}}
{{- end -}}
