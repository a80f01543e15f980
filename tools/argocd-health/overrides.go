package main

// Reads health customizations from an argocd-cm ConfigMap the way Argo CD's settings manager
// does (argo-cd util/settings/settings.go, appendResourceOverridesFromSplitKeys and
// convertToOverrideKey): keys "resource.customizations.<type>.<group>_<kind>" (or ".<kind>" for
// the core group), type "health" holding the script and "useOpenLibs" a boolean.

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

const customizationsPrefix = "resource.customizations."

// override is the part of Argo CD's ResourceOverride a health assessment reads.
type override struct {
	healthLua   string
	useOpenLibs bool
}

// readOverrides parses the ConfigMap file (YAML, converted to JSON as kubectl does) into
// overrides keyed "<group>/<kind>" (or "<kind>").
func readOverrides(path string) (map[string]override, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cm struct {
		Kind string            `json:"kind"`
		Data map[string]string `json:"data"`
	}
	if err := yaml.Unmarshal(text, &cm); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if cm.Kind != "ConfigMap" {
		return nil, fmt.Errorf("%s: kind is %q, not ConfigMap", path, cm.Kind)
	}
	out := map[string]override{}
	for key, value := range cm.Data {
		if err := addCustomization(out, key, value); err != nil {
			return nil, fmt.Errorf("%s: data key %q: %w", path, key, err)
		}
	}
	return out, nil
}

func addCustomization(out map[string]override, key, value string) error {
	rest, ok := strings.CutPrefix(key, customizationsPrefix)
	if !ok {
		return nil
	}
	kindOfCustomization, groupKind, ok := strings.Cut(rest, ".")
	if !ok {
		return nil
	}
	target, err := overrideKey(groupKind)
	if err != nil {
		return err
	}
	entry := out[target]
	switch kindOfCustomization {
	case "health":
		entry.healthLua = value
	case "useOpenLibs":
		if entry.useOpenLibs, err = strconv.ParseBool(value); err != nil {
			return err
		}
	case "actions", "ignoreDifferences", "ignoreResourceUpdates", "knownTypeFields":
		return nil // valid in argocd-cm, but no part of a health assessment
	default:
		return fmt.Errorf("resource customization type %q is not one Argo CD supports", kindOfCustomization)
	}
	out[target] = entry
	return nil
}

// overrideKey turns "<group>_<kind>" into "<group>/<kind>"; "all" is Argo CD's "*/*".
func overrideKey(groupKind string) (string, error) {
	if groupKind == "all" {
		return "*/*", nil
	}
	parts := strings.Split(groupKind, "_")
	switch {
	case len(parts) == 2:
		return parts[0] + "/" + parts[1], nil
	case len(parts) == 1 && groupKind != "":
		return groupKind, nil
	}
	return "", fmt.Errorf("expected <group>_<kind> or <kind>, got %q", groupKind)
}
