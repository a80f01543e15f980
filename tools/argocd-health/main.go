// Command argocd-health assesses one Kubernetes object with the health checks of an argocd-cm
// ConfigMap, the way an Argo CD application controller does, and prints "Status|Message".
//
//	argocd-health ARGOCD_CM_YAML < object.json
//
// Exit 0: a verdict was printed (a failing script is a verdict too: Argo CD shows it as Unknown).
// Exit 1: the ConfigMap holds no health check for the object's group and kind.
// Exit 2: usage error, or an unreadable ConfigMap or object.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func main() {
	if len(os.Args) != 2 {
		fail(2, "usage: argocd-health ARGOCD_CM_YAML < object.json")
	}
	overrides, err := readOverrides(os.Args[1])
	if err != nil {
		fail(2, err.Error())
	}
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(2, fmt.Sprintf("reading stdin: %v", err))
	}
	// Argo CD assesses objects from its cluster cache: unstructured objects decoded as client-go
	// decodes them (whole numbers int64, others float64), which decodeValue then turns into Lua.
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(raw); err != nil {
		fail(2, fmt.Sprintf("stdin is not a Kubernetes object in JSON: %v", err))
	}
	verdict, err := resourceHealth(obj, overrides)
	if errors.Is(err, errNoHealthCheck) {
		fail(1, fmt.Sprintf("%s: %v", os.Args[1], err))
	}
	fmt.Printf("%s|%s\n", verdict.Status, verdict.Message)
}

func fail(code int, message string) {
	fmt.Fprintf(os.Stderr, "argocd-health: %s\n", message)
	os.Exit(code)
}
