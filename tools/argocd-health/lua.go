package main

// Runs a health script the way Argo CD's util/lua/lua.go does (VM.runLua... and
// ExecuteHealthLua, argo-cd v3.x), on github.com/yuin/gopher-lua:
//   - a fresh LState per run; without useOpenLibs only the package, base and table libraries
//     plus Argo CD's "safe os" are opened (no string, math, io, coroutine or debug library);
//   - a 1 s deadline through the state's context;
//   - the globals `obj` (the object, converted as decodeValue does) and `actionParams` (empty);
//   - the returned table is encoded to JSON by layeh.com/gopher-json and unmarshalled into
//     {status, message}; a status outside Argo CD's set becomes Unknown.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	luajson "layeh.com/gopher-json"
)

// scriptTimeout is Argo CD's deadline for one script run.
const scriptTimeout = 1 * time.Second

var validStatuses = []string{statusUnknown, statusProgressing, statusSuspended, statusHealthy, statusDegraded, statusMissing}

func runHealthScript(obj *unstructured.Unstructured, script string, openLibs bool) (healthStatus, error) {
	state := lua.NewState(lua.Options{SkipOpenLibs: !openLibs})
	defer state.Close()
	if err := openArgoLibraries(state); err != nil {
		return healthStatus{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), scriptTimeout)
	defer cancel()
	state.SetContext(ctx)
	state.SetGlobal("actionParams", state.CreateTable(0, 0))
	state.SetGlobal("obj", toLua(state, obj.Object))

	fn, err := state.LoadString(script)
	if err == nil {
		state.Push(fn)
		err = state.PCall(0, lua.MultRet, nil)
	}
	// Argo CD drops the Lua stack trace of a runtime error: users see the message alone.
	var apiErr *lua.ApiError
	if errors.As(err, &apiErr) && apiErr.Type == lua.ApiErrorRun {
		apiErr.StackTrace = ""
	}
	if err != nil {
		return healthStatus{}, err
	}
	return readResult(state.Get(-1))
}

// openArgoLibraries opens what Argo CD opens, in its order, each called with its name.
func openArgoLibraries(state *lua.LState) error {
	libraries := []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.OsLibName, openSafeOs},
	}
	for _, lib := range libraries {
		call := lua.P{Fn: state.NewFunction(lib.open), NRet: 0, Protect: true}
		if err := state.CallByParam(call, lua.LString(lib.name)); err != nil {
			return fmt.Errorf("opening Lua library %s: %w", lib.name, err)
		}
	}
	state.PreloadModule(lua.OsLibName, loadSafeOs)
	return nil
}

// readResult reads the script's return value as ExecuteHealthLua does.
func readResult(value lua.LValue) (healthStatus, error) {
	switch value.Type() {
	case lua.LTNil:
		return healthStatus{}, nil
	case lua.LTTable:
	default:
		return healthStatus{}, fmt.Errorf("expect table output from Lua script, not %s", value.Type().String())
	}
	encoded, err := luajson.Encode(value)
	if err != nil {
		return healthStatus{}, err
	}
	var verdict healthStatus
	if err := json.Unmarshal(encoded, &verdict); err != nil {
		// An empty table encodes as [] (and a field of the wrong type fails alike): Argo CD
		// answers with an empty status for any JSON type error.
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return healthStatus{}, nil
		}
		return healthStatus{}, err
	}
	if !slices.Contains(validStatuses, verdict.Status) {
		return healthStatus{Status: statusUnknown, Message: "Lua returned an invalid health status"}, nil
	}
	return verdict, nil
}

// toLua converts a value of an unstructured object as Argo CD's decodeValue does: maps become
// hash tables, slices sequences (a nil element is skipped by Append), numbers LNumber,
// json.Number a string, anything else nil.
func toLua(state *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case float64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case int32:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case []any:
		seq := state.CreateTable(len(v), 0)
		for _, item := range v {
			seq.Append(toLua(state, item))
		}
		return seq
	case map[string]any:
		table := state.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), toLua(state, item))
		}
		return table
	}
	return lua.LNil
}
