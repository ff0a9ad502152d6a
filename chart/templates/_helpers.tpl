{{/*
Names and labels, as tb-gen derives them (src/contract/names.ts, src/render/labels.ts); label
keys come from the contract (task-worker.contract). Names are never
truncated: a name over 63 characters fails the render (see task-worker.checkWorker).
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

{{/*
task-worker.chartLabel: the helm.sh/chart label value, <name>-<version> ("+" is not allowed).
Usage: {{ include "task-worker.chartLabel" $ }}
*/}}
{{- define "task-worker.chartLabel" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" -}}
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

{{/*
task-worker.versionLabel: an image tag as the app.kubernetes.io/version label value (characters a
label cannot hold become "_", cut to 63, non-alphanumeric ends stripped), as tb-gen's versionLabel.
Usage: {{ include "task-worker.versionLabel" (dict "plan" $plan "tag" $tag) }}
*/}}
{{- define "task-worker.versionLabel" -}}
{{- $v := .plan.contract.versionLabel -}}
{{- $cut := regexReplaceAll $v.invalid (toString .tag) "_" | trunc (int $v.max) -}}
{{- regexReplaceAll $v.edges $cut "" -}}
{{- end -}}

{{/*
task-worker.workerLabels: sets three label dicts on a resolved worker, in place:
  w.selector  - the Deployment selector, immutable for the worker's life: instance, name, worker;
  w.labels    - commonLabels, then the standard labels (which win; version is the worker's image
                tag), then the two labels only Helm knows (helm.sh/chart, managed-by: Helm);
  w.podLabels - the worker's podLabels, which may add to w.labels but never replace them, and
                without helm.sh/chart: upgrading the chart alone restarts no pod.
Usage: {{- $_ := include "task-worker.workerLabels" (dict "ctx" $ "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.workerLabels" -}}
{{- $w := .w -}}
{{- $_ := include "task-worker.image" . -}}
{{- $k := .plan.contract.labels -}}
{{- $sel := dict $k.instance .ctx.Release.Name $k.name .plan.name $k.worker $w.name -}}
{{- $l := deepCopy (get .plan.values "commonLabels" | default dict) -}}
{{- range $key, $v := $sel }}{{ $_ := set $l $key $v }}{{ end -}}
{{- $_ = set $l $k.component .plan.contract.component -}}
{{- $_ = set $l $k.managedBy .ctx.Release.Service -}}
{{- $_ = set $l $k.version (include "task-worker.versionLabel" (dict "plan" .plan "tag" $w.image.tag)) -}}
{{- if hasKey $w "profile" }}{{ $_ = set $l $k.profile $w.profile }}{{ end -}}
{{- $pod := deepCopy (get $w.spec "podLabels" | default dict) -}}
{{- range $key, $v := $l }}{{ $_ = set $pod $key $v }}{{ end -}}
{{- $_ = set $l $k.helmChart .plan.chartLabel -}}
{{- $_ = set $w "selector" $sel -}}
{{- $_ = set $w "labels" $l -}}
{{- $_ = set $w "podLabels" $pod -}}
{{- end -}}

{{/*
task-worker.releaseLabels: labels of the objects that serve the whole release (ServiceAccount,
TriggerAuthentication, PodMonitor), set into plan.releaseLabels; plan.releaseSelector selects
every worker pod of the release.
Usage: {{- $_ := include "task-worker.releaseLabels" (dict "ctx" $ "plan" $plan) }}
*/}}
{{- define "task-worker.releaseLabels" -}}
{{- $k := .plan.contract.labels -}}
{{- $sel := dict $k.instance .ctx.Release.Name $k.name .plan.name $k.component .plan.contract.component -}}
{{- $l := deepCopy (get .plan.values "commonLabels" | default dict) -}}
{{- range $key, $v := $sel }}{{ $_ := set $l $key $v }}{{ end -}}
{{- $_ := set $l $k.managedBy .ctx.Release.Service -}}
{{- $_ = set $l $k.version (include "task-worker.versionLabel" (dict "plan" .plan "tag" (get (get .plan.values "image" | default dict) "tag" | default .ctx.Chart.AppVersion))) -}}
{{- $_ = set $l $k.helmChart .plan.chartLabel -}}
{{- $_ = set .plan "releaseLabels" $l -}}
{{- $_ = set .plan "releaseSelector" $sel -}}
{{- end -}}

{{/*
task-worker.releaseMetadata: name, namespace and labels of an object that serves the release.
Usage: metadata: {{- include "task-worker.releaseMetadata" (dict "ctx" $ "plan" $plan "name" $name) | nindent 2 }}
*/}}
{{- define "task-worker.releaseMetadata" -}}
name: {{ .name | toJson }}
namespace: {{ .ctx.Release.Namespace | toJson }}
labels:
  {{- toYaml .plan.releaseLabels | nindent 2 }}
{{- end -}}

{{/*
task-worker.metadata: name, namespace and labels of a worker's objects.
Usage: metadata: {{- include "task-worker.metadata" (dict "ctx" $ "w" $w) | nindent 2 }}
*/}}
{{- define "task-worker.metadata" -}}
name: {{ .w.objectName | toJson }}
namespace: {{ .ctx.Release.Namespace | toJson }}
labels:
  {{- toYaml .w.labels | nindent 2 }}
{{- end -}}
