package main

// The order in which Argo CD decides an object's health, from gitops-engine's
// pkg/health/health.go (GetResourceHealth; inside the argo-cd repository since v3.1, at
// gitops-engine/pkg/health/health.go): an object being deleted is "Progressing / Pending
// deletion" BEFORE any health script runs (unless it carries Argo CD's hook finalizer,
// gitops-engine/pkg/sync/hook/hook.go); then the customization for its group and kind; a script
// error becomes "Unknown" with the error as message.

import (
	"errors"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Argo CD's health status codes (gitops-engine pkg/health HealthStatusCode).
const (
	statusUnknown     = "Unknown"
	statusProgressing = "Progressing"
	statusHealthy     = "Healthy"
	statusSuspended   = "Suspended"
	statusDegraded    = "Degraded"
	statusMissing     = "Missing"
)

// hookFinalizer marks Argo CD sync hooks; their health is assessed even while they are deleted.
const hookFinalizer = "argocd.argoproj.io/hook-finalizer"

var errNoHealthCheck = errors.New("no health check")

// healthStatus is what Argo CD records and shows: gitops-engine's HealthStatus, same JSON names.
type healthStatus struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
}

// resourceHealth is Argo CD's verdict on obj given the argocd-cm customizations.
func resourceHealth(obj *unstructured.Unstructured, overrides map[string]override) (healthStatus, error) {
	if obj.GetDeletionTimestamp() != nil && !slices.Contains(obj.GetFinalizers(), hookFinalizer) {
		return healthStatus{Status: statusProgressing, Message: "Pending deletion"}, nil
	}
	key := configMapKey(obj)
	custom, ok := overrides[key]
	if !ok || custom.healthLua == "" {
		return healthStatus{}, fmt.Errorf("%w for %s (exact keys only: wildcard keys are not evaluated here)", errNoHealthCheck, key)
	}
	verdict, err := runHealthScript(obj, custom.healthLua, custom.useOpenLibs)
	if err != nil {
		return healthStatus{Status: statusUnknown, Message: err.Error()}, nil
	}
	return verdict, nil
}

// configMapKey is how Argo CD names a group and kind in its overrides (util/lua GetConfigMapKey).
func configMapKey(obj *unstructured.Unstructured) string {
	gvk := obj.GroupVersionKind()
	if gvk.Group == "" {
		return gvk.Kind
	}
	return gvk.Group + "/" + gvk.Kind
}
