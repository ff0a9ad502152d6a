{{/*
Mirrors: src/plan/checks-celery.ts: a runtime: celery worker that could not run; the Celery
warnings (acks, visibility timeout, prefetch) stay tb-gen's.
*/}}

{{/*
task-worker.checkCelery: for a Celery worker, CELERY_NEEDS_CELERY_BACKEND, CELERY_APP_MISSING and
CELERY_IMAGE_NOT_PYTHON (src/plan/checks-celery.ts; its warnings are tb-gen's alone).
Needs w.image (task-worker.workerLabels).
Usage: {{- include "task-worker.checkCelery" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkCelery" -}}
{{- $w := .w -}}
{{- if include "task-worker.isCelery" $w -}}
{{- $at := printf "workers.%s.runtime" $w.name -}}
{{- if ne .plan.backend .plan.contract.celery.backend }}{{ include "task-worker.fail" (list "CELERY_NEEDS_CELERY_BACKEND" $at (list $w.name .plan.backend)) }}{{ end -}}
{{- if not (get (get $w.spec "celery" | default dict) "app") }}{{ include "task-worker.fail" (list "CELERY_APP_MISSING" $at (list $w.name)) }}{{ end -}}
{{- if eq $w.image.repository .plan.contract.container.repository }}{{ include "task-worker.fail" (list "CELERY_IMAGE_NOT_PYTHON" $at (list $w.name $w.image.repository)) }}{{ end -}}
{{- end -}}
{{- end -}}
