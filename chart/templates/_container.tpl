{{/*
Mirrors: src/render/container.ts: the worker container, field for field as tb-gen renders it, with the
args in src/contract/args.ts FLAGS order. Keys appear in tb-gen's order; empty maps and lists
are left out, as tb-gen's omitEmpty does.
*/}}

{{/*
task-worker.args: the worker's args as a YAML list, flag names and order from the contract
(src/contract/args.ts FLAGS, rendered ones): --backend, then each selection list that is set and
non-empty, --concurrency when set, and for the backend that runs task-backend-worker
--shutdown-timeout (the grace period less the contract's margin, at least 1) and --health-port
(the worker's healthPort, else the contract's port).
Usage: args: {{- include "task-worker.args" (dict "plan" $plan "w" $w) | nindent 4 }}
*/}}
{{- define "task-worker.args" -}}
{{- $c := .plan.contract -}}
{{- $s := .w.spec -}}
{{- $v := dict "backend" .plan.backend -}}
{{- range $k := list "tasks" "excludeTasks" "queues" "excludeQueues" "concurrency" -}}
{{- if hasKey $s $k }}{{ $_ := set $v $k (get $s $k) }}{{ end -}}
{{- end -}}
{{- if .w.ours -}}
{{- $grace := hasKey $s "terminationGracePeriodSeconds" | ternary (get $s "terminationGracePeriodSeconds") $c.graceSeconds -}}
{{- $_ := set $v "shutdownTimeout" (max 1 (sub (int $grace) (int $c.shutdownMarginSeconds))) -}}
{{- $_ = set $v "healthPort" (hasKey $s "healthPort" | ternary (get $s "healthPort") $c.health.port) -}}
{{- end -}}
{{- $args := list -}}
{{- range $f := $c.flags -}}
{{- $x := get $v $f.key -}}
{{- if and (eq $f.kind "list") $x }}{{ $args = append $args (printf "--%s=%s" $f.flag (join "," $x)) }}
{{- else if and (eq $f.kind "int") (hasKey $v $f.key) }}{{ $args = append $args (printf "--%s=%d" $f.flag (int $x)) }}
{{- else if and (ne $f.kind "list") (ne $f.kind "int") (hasKey $v $f.key) }}{{ $args = append $args (printf "--%s=%s" $f.flag $x) }}
{{- end -}}
{{- end -}}
{{- toYaml $args -}}
{{- end -}}

{{/*
task-worker.env: the backend, the broker URL and celery result backend (each from a Secret when one is named, else the plain
development fallback), app, prefix, the worker's name and profile, then the worker's env.
Variable names come from the contract.
Usage: env: {{- include "task-worker.env" (dict "ctx" $ "plan" $plan "w" $w) | nindent 4 }}
*/}}
{{- define "task-worker.env" -}}
{{- $e := .plan.contract.env -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
- name: {{ $e.backend }}
  value: {{ .plan.backend | toJson }}
{{- if get $tc "brokerSecret" }}
- name: {{ $e.brokerUrl }}
  valueFrom:
    secretKeyRef:
      name: {{ $tc.brokerSecret.name | toJson }}
      key: {{ $tc.brokerSecret.key | toJson }}
{{- else if get $tc "broker_url" }}
- name: {{ $e.brokerUrl }}
  value: {{ $tc.broker_url | toJson }}
{{- end }}
{{- include "task-worker.celeryBrokerEnv" . }}
{{- if get $tc "resultBackendSecret" }}
- name: {{ $e.resultBackend }}
  valueFrom:
    secretKeyRef:
      name: {{ $tc.resultBackendSecret.name | toJson }}
      key: {{ $tc.resultBackendSecret.key | toJson }}
{{- else if get $tc "result_backend" }}
- name: {{ $e.resultBackend }}
  value: {{ $tc.result_backend | toJson }}
{{- end }}
{{- include "task-worker.redisEnv" .plan }}
{{- with get $tc "app" }}
- name: {{ $e.app }}
  value: {{ . | toJson }}
{{- end }}
{{- with get $tc "prefix" }}
- name: {{ $e.prefix }}
  value: {{ . | toJson }}
{{- end }}
- name: {{ $e.workerName }}
  value: {{ .w.name | toJson }}
{{- if hasKey .w "profile" }}
- name: {{ $e.profileName }}
  value: {{ .w.profile | toJson }}
{{- end }}
{{- with get .w.spec "env" }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
task-worker.probe: an HTTP probe on the named health port; p is one of contract.health.probes,
t the worker's tuning of it (probes.liveness or probes.readiness), which may override the
period and threshold and add the delay, timeout and success threshold.
Usage: livenessProbe: {{- include "task-worker.probe" (dict "plan" $plan "p" $plan.contract.health.probes.liveness "t" $tuning) | nindent 4 }}
*/}}
{{- define "task-worker.probe" -}}
{{- $t := .t | default dict -}}
httpGet:
  path: {{ .p.path }}
  port: {{ .plan.contract.health.portName }}
periodSeconds: {{ hasKey $t "periodSeconds" | ternary (get $t "periodSeconds") .p.periodSeconds | int }}
failureThreshold: {{ hasKey $t "failureThreshold" | ternary (get $t "failureThreshold") .p.failureThreshold | int }}
{{- range $k := list "initialDelaySeconds" "timeoutSeconds" "successThreshold" }}
{{- if hasKey $t $k }}
{{ $k }}: {{ get $t $k | int }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
task-worker.needsTmpDir: "true" when the worker's root file system is read-only and it mounts
nothing at /tmp itself: its pods then get an emptyDir there.
Usage: {{ if include "task-worker.needsTmpDir" (dict "plan" $plan "w" $w) }}...{{ end }}
*/}}
{{- define "task-worker.needsTmpDir" -}}
{{- $sc := get .w.spec "securityContext" | default dict -}}
{{- $mounted := false -}}
{{- range $m := get .w.spec "volumeMounts" | default list }}{{ if eq (get $m "mountPath") $.plan.contract.tmpDir.mountPath }}{{ $mounted = true }}{{ end }}{{ end -}}
{{- if and (eq (get $sc "readOnlyRootFilesystem" | toString) "true") (not $mounted) -}}
true
{{- end -}}
{{- end -}}

{{/*
task-worker.container: the one container of a worker pod after its `name:` key.
Usage: containers:
         - name: {{ $plan.contract.container.name }}
           {{- include "task-worker.container" (dict "ctx" $ "plan" $plan "w" $w) | nindent 11 }}
*/}}
{{- define "task-worker.container" -}}
{{- $c := .plan.contract -}}
{{- $s := .w.spec -}}
{{- $r := get $s "resources" | default dict -}}
image: {{ ternary (printf "%s@%s" .w.image.repository .w.image.digest) (printf "%s:%s" .w.image.repository .w.image.tag) (ne .w.image.digest "") | toJson }}
imagePullPolicy: {{ .w.image.pullPolicy | toJson }}
{{- $celery := include "task-worker.isCelery" .w }}
{{- if $celery }}
command:
  - {{ $c.celery.command }}
args:
  {{- include "task-worker.celeryArgs" . | nindent 2 }}
{{- else }}
command:
  - {{ $c.container.command }}
args:
  {{- include "task-worker.args" . | nindent 2 }}
{{- end }}
env:
  {{- include "task-worker.env" . | nindent 2 }}
{{- with get $s "envFrom" }}
envFrom:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .w.ours }}
ports:
  - name: {{ $c.health.portName }}
    containerPort: {{ hasKey $s "healthPort" | ternary (get $s "healthPort") $c.health.port | int }}
    protocol: TCP
{{- $probes := get $s "probes" | default dict }}
livenessProbe:
  {{- include "task-worker.probe" (dict "plan" .plan "p" $c.health.probes.liveness "t" (get $probes "liveness")) | nindent 2 }}
readinessProbe:
  {{- include "task-worker.probe" (dict "plan" .plan "p" $c.health.probes.readiness "t" (get $probes "readiness")) | nindent 2 }}
{{- else if $celery }}
livenessProbe:
  {{- include "task-worker.celeryLiveness" . | nindent 2 }}
{{- end }}
{{- if or (get $r "requests") (get $r "limits") }}
resources:
  {{- with get $r "requests" }}
  requests:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with get $r "limits" }}
  limits:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- with get $s "securityContext" }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $tmp := include "task-worker.needsTmpDir" . }}
{{- $redisMounts := include "task-worker.redisMounts" .plan }}
{{- if or (get $s "volumeMounts") $tmp $redisMounts }}
volumeMounts:
  {{- with get $s "volumeMounts" }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- if $tmp }}
  - name: {{ $c.tmpDir.volume }}
    mountPath: {{ $c.tmpDir.mountPath }}
  {{- end }}
  {{- with $redisMounts }}{{ trim . | nindent 2 }}{{ end }}
{{- end }}
{{- end -}}
