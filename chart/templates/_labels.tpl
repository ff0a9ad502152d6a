{{/*
Mirrors: src/render/labels.ts: selector, object and pod labels, keys from the contract
(task-worker.contract), and the metadata every object carries.
*/}}

{{/*
task-worker.chartLabel: the helm.sh/chart label value, <name>-<version> ("+" is not allowed).
Usage: {{ include "task-worker.chartLabel" $ }}
*/}}
{{- define "task-worker.chartLabel" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" -}}
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
