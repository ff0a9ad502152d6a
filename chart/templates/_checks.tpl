{{/*
Checks the schema cannot express, as tb-gen runs them (src/plan/checks.ts), in tb-gen's order.
Each fails the render with tb-gen's code and tb-gen's message (from the contract's messages):
`error[CODE] workers.<name>.<key>: <message>`. Helm stops at the first; tb-gen lists them all.
tb-gen's warnings (REPLICAS_IGNORED, COOLDOWN_WITHIN_GRACE, ...) cannot stop a render and are not here.
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

{{/*
task-worker.quantity: a Kubernetes quantity as a number of base units, set into out.value.
Exact decimal arithmetic (mulf) so 1500m equals 1.5 and 1Gi equals 1073741824.
Usage: {{- $_ := include "task-worker.quantity" (dict "q" "512Mi" "out" $o) }}{{ $o.value }}
*/}}
{{- define "task-worker.quantity" -}}
{{- $q := .q -}}
{{- if not (kindIs "string" $q) -}}
{{- $_ := set .out "value" (float64 $q) -}}
{{- else -}}
{{- $num := regexFind "^([0-9]+([.][0-9]*)?|[.][0-9]+)" $q -}}
{{- $suffix := trimPrefix $num $q -}}
{{- if regexMatch "^[eE][-+]?[0-9]+$" $suffix -}}
{{- $_ := set .out "value" (float64 $q) -}}
{{- else -}}
{{- $factors := dict "" 1 "n" 0.000000001 "u" 0.000001 "m" 0.001 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "P" 1000000000000000 "E" 1000000000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "Pi" 1125899906842624 "Ei" 1152921504606846976 -}}
{{- $_ := set .out "value" (mulf (float64 $num) (get $factors $suffix)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkResources: MIXED_RESOURCE_FORMS and REQUEST_ABOVE_LIMIT for one worker.
Usage: {{- include "task-worker.checkResources" $w }}
*/}}
{{- define "task-worker.checkResources" -}}
{{- $r := get .spec "resources" | default dict -}}
{{- $at := printf "workers.%s.resources" .name -}}
{{- if and (or (hasKey $r "cpu") (hasKey $r "memory")) (or (hasKey $r "requests") (hasKey $r "limits")) -}}
{{- include "task-worker.fail" (list "MIXED_RESOURCE_FORMS" $at (list .name)) -}}
{{- end -}}
{{- $req := get $r "requests" | default dict -}}
{{- $lim := get $r "limits" | default dict -}}
{{- range $k := list "cpu" "memory" -}}
{{- if and (hasKey $req $k) (hasKey $lim $k) -}}
{{- $rq := dict -}}{{- $lq := dict -}}
{{- $_ := include "task-worker.quantity" (dict "q" (get $req $k) "out" $rq) -}}
{{- $_ = include "task-worker.quantity" (dict "q" (get $lim $k) "out" $lq) -}}
{{- if gt $rq.value $lq.value -}}
{{- include "task-worker.fail" (list "REQUEST_ABOVE_LIMIT" (printf "%s.requests.%s" $at $k) (list $.name $k (get $req $k) (get $lim $k))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkAutoscaling: AUTOSCALING_MAX_REQUIRED and HPA_MIN_ABOVE_MAX for one worker.
Usage: {{- include "task-worker.checkAutoscaling" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkAutoscaling" -}}
{{- $w := .w -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- if get $a "enabled" -}}
{{- $at := printf "workers.%s.autoscaling" $w.name -}}
{{- if not (hasKey $a "maxReplicas") -}}
{{- include "task-worker.fail" (list "AUTOSCALING_MAX_REQUIRED" $at (list $w.name)) -}}
{{- else -}}
{{- $min := hasKey $a "minReplicas" | ternary (get $a "minReplicas") .plan.contract.minReplicas -}}
{{- if gt (float64 $min) (float64 (get $a "maxReplicas")) -}}
{{- include "task-worker.fail" (list "HPA_MIN_ABOVE_MAX" (printf "%s.minReplicas" $at) (list $w.name $min (get $a "maxReplicas"))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkScaling: AUTOSCALING_MODE_CONFLICT, MIN_REPLICAS_ZERO_WITHOUT_KEDA and, for mode
keda, KEDA_AMQP_BROKER, KEDA_NAME_TOO_LONG and KEDA_REDIS_UNREACHABLE (src/plan/checks-scaling.ts).
Usage: {{- include "task-worker.checkScaling" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkScaling" -}}
{{- $w := .w -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- $mode := include "task-worker.mode" . -}}
{{- if $mode -}}
{{- $at := printf "workers.%s.autoscaling" $w.name -}}
{{- $other := ternary "hpa" "keda" (eq $mode "keda") -}}
{{- $only := dict "hpa" (list "targetCPUUtilizationPercentage" "targetMemoryUtilizationPercentage") "keda" (list "target" "activationTarget" "pollingInterval" "cooldownPeriod" "wakeForDelayed" "hpaName") -}}
{{- range $k := get $only $other -}}
{{- if hasKey $a $k }}{{ include "task-worker.fail" (list "AUTOSCALING_MODE_CONFLICT" (printf "%s.%s" $at $k) (list $w.name $k $other $mode)) }}{{ end -}}
{{- end -}}
{{- if and (ne $mode "keda") (hasKey $a "minReplicas") (eq (int (get $a "minReplicas")) 0) -}}
{{- include "task-worker.fail" (list "MIN_REPLICAS_ZERO_WITHOUT_KEDA" (printf "%s.minReplicas" $at) (list $w.name)) -}}
{{- end -}}
{{- if eq $mode "keda" -}}
{{- $url := get (get .plan.values "taskConfig" | default dict) "broker_url" | default "" -}}
{{- if regexMatch .plan.contract.celery.amqpUrl $url }}{{ include "task-worker.fail" (list "KEDA_AMQP_BROKER" $at (list $w.name (index (splitList ":" $url) 0))) }}{{ end -}}
{{- $hpa := printf "%s%s" .plan.contract.keda.hpaPrefix $w.objectName -}}
{{- $max := int .plan.contract.maxName -}}
{{- if and (not (get $a "hpaName")) (gt (len $hpa) $max) }}{{ include "task-worker.fail" (list "KEDA_NAME_TOO_LONG" $at (list $w.name $hpa (len $hpa) $max)) }}{{ end -}}
{{- $r := dict }}{{ $_ := include "task-worker.kedaRedis" (dict "plan" .plan "out" $r) -}}
{{- with $r.problem }}{{ include "task-worker.fail" (list "KEDA_REDIS_UNREACHABLE" $at (list $w.name .)) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkPdb: PDB_BOTH_BOUNDS and PDB_BLOCKS_DRAIN: a budget takes one bound, and must
allow at least one eviction.
Usage: {{- include "task-worker.checkPdb" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkPdb" -}}
{{- $w := .w -}}
{{- $p := get $w.spec "pdb" | default dict -}}
{{- if ne (get $p "enabled" | toString) "false" -}}
{{- $at := printf "workers.%s.pdb" $w.name -}}
{{- if and (hasKey $p "minAvailable") (hasKey $p "maxUnavailable") }}{{ include "task-worker.fail" (list "PDB_BOTH_BOUNDS" (printf "%s.minAvailable" $at) (list $w.name)) }}{{ end -}}
{{- $a := get $w.spec "autoscaling" | default dict -}}
{{- $min := hasKey $a "minReplicas" | ternary (get $a "minReplicas") .plan.contract.minReplicas -}}
{{- $floor := ternary (max 1 (int $min)) (int (hasKey $w.spec "replicas" | ternary (get $w.spec "replicas") .plan.contract.replicas)) (eq (get $a "enabled" | toString) "true") -}}
{{- $why := "" }}{{ $key := "maxUnavailable" -}}
{{- if and (hasKey $p "maxUnavailable") (or (eq (toString $p.maxUnavailable) "0") (eq (toString $p.maxUnavailable) "0%")) }}{{ $why = "no pod may ever be unavailable" }}
{{- else if and (hasKey $p "minAvailable") (eq (toString $p.minAvailable) "100%") }}{{ $why = "every pod must stay available" }}{{ $key = "minAvailable" }}
{{- else if and (hasKey $p "minAvailable") (not (kindIs "string" $p.minAvailable)) (ge (int $p.minAvailable) $floor) }}
{{- $why = printf "the worker may run only %d pod%s" $floor (ternary "" "s" (eq $floor 1)) }}{{ $key = "minAvailable" }}
{{- end -}}
{{- if $why }}{{ include "task-worker.fail" (list "PDB_BLOCKS_DRAIN" (printf "%s.%s" $at $key) (list $w.name $key (toString (get $p $key)) $why)) }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkRelease: CLUSTER_PREFIX_WITHOUT_HASH_TAG: in Redis Cluster BullMQ keeps a queue's
keys in one slot only with a {hash tag} in the prefix (src/plan/checks-release.ts); then
HOST_PORT_CONFLICT.
Usage: {{- include "task-worker.checkRelease" $plan }}
*/}}
{{- define "task-worker.checkRelease" -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- if eq (get (get $tc "redis" | default dict) "mode" | toString) "cluster" -}}
{{- $prefix := get $tc "prefix" | default .contract.prefix -}}
{{- if not (regexMatch .contract.keda.hashTag $prefix) -}}
{{- include "task-worker.fail" (list "CLUSTER_PREFIX_WITHOUT_HASH_TAG" (ternary "taskConfig.prefix" "taskConfig.redis.mode" (hasKey $tc "prefix")) (list $prefix)) -}}
{{- end -}}
{{- end -}}
{{- include "task-worker.checkRedis" . -}}
{{- include "task-worker.checkHostPorts" . -}}
{{- end -}}

{{/*
task-worker.checkRedis: what a part cannot do with taskConfig.redis (src/plan/checks-redis.ts):
REDIS_TOPOLOGY_INCOMPLETE (sentinel without sentinels or sentinelMaster, for task-backend-worker),
then REDIS_TOPOLOGY_UNSUPPORTED (Cluster with Celery or a database other than 0, TLS Secrets on a
connection that is not TLS).
Usage: {{- include "task-worker.checkRedis" $plan }}
*/}}
{{- define "task-worker.checkRedis" -}}
{{- $tc := get .values "taskConfig" | default dict -}}
{{- $r := get $tc "redis" | default dict -}}
{{- $mode := get $r "mode" | default "" | toString -}}
{{- if and (eq $mode "sentinel") .bullmq -}}
{{- range $k := list "sentinels" "sentinelMaster" -}}
{{- if not (hasKey $r $k) }}{{ include "task-worker.fail" (list "REDIS_TOPOLOGY_INCOMPLETE" "taskConfig.redis.mode" (list "sentinel" $k)) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- if and (eq $mode "cluster") (eq .backend "celery") -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" "taskConfig.redis.mode" (list "Celery (kombu) has no Redis Cluster transport: backend celery cannot use taskConfig.redis.mode cluster")) -}}
{{- end -}}
{{- if and (eq $mode "cluster") (ne (int (get $r "database" | default 0)) 0) -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" "taskConfig.redis.database" (list (printf "Redis Cluster has only database 0, and taskConfig.redis.database is %v" $r.database))) -}}
{{- end -}}
{{- $files := ternary "caSecret" (ternary "clientCertSecret" "" (hasKey $r "clientCertSecret")) (hasKey $r "caSecret") -}}
{{- $plainUrl := and (hasPrefix "redis://" (get $tc "broker_url" | default "")) (not (get $tc "brokerSecret")) -}}
{{- $tlsOff := and (hasKey $r "tls") (eq (toString $r.tls) "false") -}}
{{- if and $files (or $tlsOff $plainUrl) -}}
{{- include "task-worker.fail" (list "REDIS_TOPOLOGY_UNSUPPORTED" (printf "taskConfig.redis.%s" $files) (list (printf "taskConfig.redis.%s is set, but the connection is not TLS (%s)" $files (ternary "tls: false" "broker_url is redis://" $tlsOff)))) -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkHostPorts: HOST_PORT_CONFLICT: with hostNetwork a worker's health port is a port
of the node, so two enabled workers sharing one could never run on one node
(src/plan/checks-release.ts checkHostPorts). Workers by name; the later one is reported.
Usage: {{- include "task-worker.checkHostPorts" $plan }}
*/}}
{{- define "task-worker.checkHostPorts" -}}
{{- $first := dict -}}
{{- range $w := .enabled -}}
{{- if and $w.ours (eq (get $w.spec "hostNetwork" | toString) "true") -}}
{{- $port := hasKey $w.spec "healthPort" | ternary (get $w.spec "healthPort") $.contract.health.port | int | toString -}}
{{- if hasKey $first $port -}}
{{- include "task-worker.fail" (list "HOST_PORT_CONFLICT" (printf "workers.%s.healthPort" $w.name) (list (get $first $port) $w.name (int $port))) -}}
{{- end -}}
{{- $_ := set $first $port $w.name -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkSelection: TASK_INCLUDED_AND_EXCLUDED and QUEUE_INCLUDED_AND_EXCLUDED.
Usage: {{- include "task-worker.checkSelection" $w }}
*/}}
{{- define "task-worker.checkSelection" -}}
{{- $w := . -}}
{{- range $pair := list (list "tasks" "excludeTasks" "TASK") (list "queues" "excludeQueues" "QUEUE") -}}
{{- $inc := index $pair 0 }}{{ $excluded := get $w.spec (index $pair 1) | default list -}}
{{- range $i, $n := get $w.spec $inc | default list -}}
{{- if has $n $excluded -}}
{{- include "task-worker.fail" (list (printf "%s_INCLUDED_AND_EXCLUDED" (index $pair 2)) (printf "workers.%s.%s[%d]" $w.name $inc $i) (list $w.name $n)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
task-worker.checkApp: MISSING_APP, when the worker runs task-backend-worker (either backend) from the project's own
image and neither taskConfig.app nor the worker's env names the module that registers the tasks
(a custom image may bake TASK_BACKEND_APP in).
Usage: {{- include "task-worker.checkApp" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkApp" -}}
{{- $tc := get .plan.values "taskConfig" | default dict -}}
{{- $repo := get (get .w.spec "image" | default dict) "repository" | default (get (get .plan.values "image" | default dict) "repository") | default .plan.contract.container.repository -}}
{{- if and .w.ours (not (get $tc "app")) (eq $repo .plan.contract.container.repository) -}}
{{- $named := false -}}
{{- range $e := get .w.spec "env" | default list }}{{ if eq (get $e "name") $.plan.contract.env.app }}{{ $named = true }}{{ end }}{{ end -}}
{{- if not $named -}}
{{- include "task-worker.fail" (list "MISSING_APP" (printf "workers.%s" .w.name) (list .w.name)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

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

{{/*
task-worker.checkWorker: every per-worker check, in tb-gen's order, for an enabled worker.
Usage: {{- include "task-worker.checkWorker" (dict "plan" $plan "w" $w) }}
*/}}
{{- define "task-worker.checkWorker" -}}
{{- $w := .w -}}
{{- $max := int .plan.contract.maxName -}}
{{- if gt (len $w.objectName) $max -}}
{{- include "task-worker.fail" (list "NAME_TOO_LONG" (printf "workers.%s" $w.name) (list $w.name $w.objectName (len $w.objectName) $max)) -}}
{{- end -}}
{{- include "task-worker.checkResources" $w -}}
{{- include "task-worker.checkAutoscaling" . -}}
{{- include "task-worker.checkScaling" . -}}
{{- include "task-worker.checkPdb" . -}}
{{- include "task-worker.checkSelection" $w -}}
{{- include "task-worker.checkApp" . -}}
{{- include "task-worker.checkEnv" . -}}
{{- include "task-worker.checkCelery" . -}}
{{- end -}}
