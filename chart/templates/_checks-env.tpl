{{/*
Mirrors: src/plan/checks-env.ts: the worker's own env entries against each other and against
the variables the chart sets.
*/}}

{{/*
task-worker.checkEnv: DUPLICATE_ENV, ENV_VALUE_AND_VALUE_FROM and ENV_OVERRIDES_CONTRACT for the
worker's own env entries (src/plan/checks-env.ts).
Usage: {{- include "task-worker.checkEnv" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkEnv" -}}
{{- $c := .plan.contract -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $set := dict "backend" true "brokerUrl" (or (get $tc "brokerSecret") (get $tc "broker_url")) "app" (get $tc "app") "prefix" (get $tc "prefix") "workerName" true "profileName" (hasKey .w "profile") "resultBackend" (or (get $tc "resultBackendSecret") (get $tc "result_backend")) -}}
{{- $ours := dict -}}
{{- range $k, $name := $c.env }}{{ if get $set $k }}{{ $_ := set $ours $name (get $c.envSources $k) }}{{ end }}{{ end -}}
{{- $seen := dict -}}
{{- range $i, $e := get .w.spec "env" | default list -}}
{{- $at := printf "workers.%s.env[%d].name" $.w.name $i -}}
{{- if hasKey $seen $e.name }}{{ include "task-worker.fail" (list "DUPLICATE_ENV" $at (list $.w.name $e.name)) }}{{ end -}}
{{- $_ := set $seen $e.name true -}}
{{- if and (hasKey $e "value") (hasKey $e "valueFrom") }}{{ include "task-worker.fail" (list "ENV_VALUE_AND_VALUE_FROM" $at (list $.w.name $e.name)) }}{{ end -}}
{{- if hasKey $ours $e.name }}{{ include "task-worker.fail" (list "ENV_OVERRIDES_CONTRACT" $at (list $.w.name $e.name (get $ours $e.name))) }}{{ end -}}
{{- end -}}
{{- end -}}
