{{/*
Base name of every object. Fixed by default (not derived from the release name): the operator is one
per cluster, and its messages name the tenant ClusterRole.
*/}}
{{- define "ecs-gmsa-operator.fullname" -}}
{{- default "ecs-gmsa-operator" .Values.fullnameOverride -}}
{{- end }}

{{/* Labels of every object the chart renders (the kustomize base has the first two as well). */}}
{{- define "ecs-gmsa-operator.labels" -}}
app.kubernetes.io/name: ecs-gmsa-operator
app.kubernetes.io/part-of: ecs-gmsa-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* What the Deployment, Service, PDB and ServiceMonitor select the operator's pods by. */}}
{{- define "ecs-gmsa-operator.selectorLabels" -}}
app.kubernetes.io/name: ecs-gmsa-operator
app.kubernetes.io/component: controller
{{- end }}

{{- define "ecs-gmsa-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ecs-gmsa-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{- define "ecs-gmsa-operator.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}
{{- end }}

{{/* The name of the ConfigMap holding the tenancy policy, empty without a policy. */}}
{{- define "ecs-gmsa-operator.tenancyConfigMap" -}}
{{- if .Values.tenancy.existingConfigMap -}}
{{ .Values.tenancy.existingConfigMap }}
{{- else if .Values.tenancy.policy -}}
{{ include "ecs-gmsa-operator.fullname" . }}-tenancy
{{- end -}}
{{- end }}

{{/* The policy file's content, for the ConfigMap and the checksum that rolls the pods on a change. */}}
{{- define "ecs-gmsa-operator.tenancyPolicy" -}}
{{- if kindIs "string" .Values.tenancy.policy -}}
{{ .Values.tenancy.policy }}
{{- else -}}
{{ toYaml .Values.tenancy.policy }}
{{- end -}}
{{- end }}

{{/* Values that exclude each other, refused with a message that says what to change. */}}
{{- define "ecs-gmsa-operator.validate" -}}
{{- if and .Values.tenancy.policy .Values.tenancy.existingConfigMap -}}
{{- fail "tenancy.policy and tenancy.existingConfigMap exclude each other: set one" -}}
{{- end -}}
{{- if and .Values.singleTenant (include "ecs-gmsa-operator.tenancyConfigMap" .) -}}
{{- fail "singleTenant turns tenancy confinement off; a tenancy policy (tenancy.policy or tenancy.existingConfigMap) confines it: set one of them" -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) -}}
{{- fail "replicaCount > 1 needs leaderElection.enabled: replicas without a Lease would all reconcile at once" -}}
{{- end -}}
{{- end }}
