// Command kstatus-check reads one Kubernetes object as JSON on stdin and prints the kstatus
// verdict of sigs.k8s.io/cli-utils (the library Flux and kpt use to wait for resources) as
// "Status|Message". Exit 2: unreadable input; exit 1: kstatus could not compute a status.
package main

import (
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kstatus-check: reading stdin: %v\n", err)
		os.Exit(2)
	}
	// Decode as client-go does (whole numbers become int64, as kstatus expects), not with
	// encoding/json, which would turn metadata.generation into a float64.
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(raw); err != nil {
		fmt.Fprintf(os.Stderr, "kstatus-check: stdin is not a Kubernetes object in JSON: %v\n", err)
		os.Exit(2)
	}
	res, err := status.Compute(obj)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kstatus-check: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%s|%s\n", res.Status, res.Message)
}
