-- Runs an Argo CD health script the way Argo CD does, under a real Lua 5.1 interpreter:
--   lua5.1 runHealthScript.lua SCRIPT.lua < object-as-lua-table-literal
-- The object becomes the global `obj`; the script runs in a sandbox holding only Lua base functions
-- and `table` (stricter than Argo CD's, so a script that passes here also runs there); the table it
-- returns is printed as `status|message`.
local scriptPath = arg[1]
if scriptPath == nil then
  io.stderr:write("usage: lua5.1 runHealthScript.lua SCRIPT.lua < object.lua\n")
  os.exit(2)
end

local literal = io.read("*a")
local loadObject, parseError = loadstring("return " .. literal, "=object")
if loadObject == nil then
  io.stderr:write("object: ", parseError, "\n")
  os.exit(2)
end
setfenv(loadObject, {})

local chunk, loadError = loadfile(scriptPath)
if chunk == nil then
  io.stderr:write(loadError, "\n")
  os.exit(2)
end
setfenv(chunk, {
  obj = loadObject(),
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  select = select, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
  table = table,
})

local ok, hs = pcall(chunk)
if not ok then
  io.stderr:write("script error: ", tostring(hs), "\n")
  os.exit(1)
end
if type(hs) ~= "table" then
  io.stderr:write("script returned ", type(hs), ", not a table\n")
  os.exit(1)
end
io.write(tostring(hs.status), "|", tostring(hs.message), "\n")
