package main

// Argo CD's "safe os" (util/lua/oslib_safe.go): only os.time and os.date, nothing that exits,
// reads files or the environment. Argo CD opens it by registering the functions under the name of
// the table library (lua.TabLibName), which is already loaded at that point, so gopher-lua's
// RegisterModule adds nothing: scripts get NO global `os`, only `require("os")` (preloaded below)
// returns {time, date}. This runner reproduces that call, and a test pins the consequence.
// time and date are written here from Lua's documented behaviour; formatting details may differ.

import (
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

var safeOsFunctions = map[string]lua.LGFunction{"time": osTime, "date": osDate}

func openSafeOs(state *lua.LState) int {
	state.Push(state.RegisterModule(lua.TabLibName, safeOsFunctions))
	return 1
}

func loadSafeOs(state *lua.LState) int {
	state.Push(state.SetFuncs(state.NewTable(), safeOsFunctions))
	return 1
}

// osTime: now, or the time of a table {year, month, day, hour = 12, min = 0, sec = 0} in local time.
func osTime(state *lua.LState) int {
	if state.GetTop() == 0 {
		state.Push(lua.LNumber(time.Now().Unix()))
		return 1
	}
	fields := state.CheckTable(1)
	field := func(name string, fallback int) int {
		if n, ok := fields.RawGetString(name).(lua.LNumber); ok {
			return int(n)
		}
		return fallback
	}
	t := time.Date(field("year", -1), time.Month(field("month", -1)), field("day", -1), field("hour", 12), field("min", 0), field("sec", 0), 0, time.Local)
	state.Push(lua.LNumber(t.Unix()))
	return 1
}

// osDate: a strftime-style string ("!" prefix: UTC), or a table for "*t".
func osDate(state *lua.LState) int {
	format, t := "%c", time.Now()
	if state.GetTop() >= 1 {
		format = state.CheckString(1)
		if rest, utc := strings.CutPrefix(format, "!"); utc {
			format, t = rest, t.UTC()
		}
		if state.GetTop() >= 2 {
			t = time.Unix(state.CheckInt64(2), 0)
		}
	}
	if strings.HasPrefix(format, "*t") {
		state.Push(dateTable(state, t))
		return 1
	}
	state.Push(lua.LString(strftime(t, format)))
	return 1
}

func dateTable(state *lua.LState, t time.Time) *lua.LTable {
	table := state.NewTable()
	for name, value := range map[string]int{
		"year": t.Year(), "month": int(t.Month()), "day": t.Day(), "hour": t.Hour(), "min": t.Minute(),
		"sec": t.Second(), "wday": int(t.Weekday()) + 1, "yday": t.YearDay(),
	} {
		table.RawSetString(name, lua.LNumber(value))
	}
	table.RawSetString("isdst", lua.LFalse)
	return table
}

var strftimeLayouts = map[byte]string{
	'a': "Mon", 'A': "Monday", 'b': "Jan", 'B': "January", 'c': "Mon Jan  2 15:04:05 2006", 'd': "02",
	'F': "2006-01-02", 'H': "15", 'I': "03", 'm': "01", 'M': "04", 'p': "PM", 'S': "05",
	'x': "01/02/06", 'X': "15:04:05", 'y': "06", 'Y': "2006", 'z': "-0700", 'Z': "MST",
}

func strftime(t time.Time, format string) string {
	var out strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			out.WriteByte(c)
			continue
		}
		i++
		switch spec := format[i]; {
		case spec == '%':
			out.WriteByte('%')
		case spec == 'w':
			out.WriteString(strconv.Itoa(int(t.Weekday())))
		case strftimeLayouts[spec] != "":
			out.WriteString(t.Format(strftimeLayouts[spec]))
		default:
			out.WriteByte('%')
			out.WriteByte(spec)
		}
	}
	return out.String()
}
