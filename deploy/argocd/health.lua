-- Argo CD health check for ecsgmsa.io/GmsaCredentialSpec and ecsgmsa.io/EcsGmsaTask (one script, both kinds).
-- Source of truth: deploy/argocd/*.lua; `npx tsx scripts/argocd/generate.ts` embeds it in argocd-cm-patch.yaml.
-- Reads the operator's kstatus conditions: Ready always; Reconciling and Stalled only while True.
-- An EcsGmsaTask with spec.services folds its ECS service rollout into them: Reconciling (RolloutInProgress)
-- while ECS rolls the registered revision out, so Progressing; Stalled (RolloutFailed, RolloutRolledBack,
-- ServiceNotFound, ...) when it failed or a service cannot be moved, so Degraded; Ready only once every
-- listed service runs the revision with a COMPLETED rollout.
-- Argo CD runs it in gopher-lua with only the base, table and package libraries: no string library and
-- no global os. It never sees an object being deleted: Argo CD calls those "Pending deletion" first.
local hs = {}

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- "Reason: message", or the reason alone when the message is empty.
local function describe(c)
  local reason = c.reason
  if reason == nil or reason == "" then
    reason = c.type
  end
  if c.message == nil or c.message == "" then
    return reason
  end
  return reason .. ": " .. c.message
end

local function assess()
  local generation = obj.metadata.generation
  local status = obj.status
  local conditions = nil
  if status ~= nil then
    conditions = status.conditions
  end
  local ready = findCondition(conditions, "Ready")

  -- The conditions describe an older spec until the operator has observed this generation.
  if status == nil or status.observedGeneration == nil then
    if generation == nil then
      return "Progressing", "Waiting for the operator to report status"
    end
    return "Progressing", "Waiting for the operator to observe generation " .. tostring(generation)
  end
  if generation ~= nil and status.observedGeneration ~= generation then
    return "Progressing", "Waiting for the operator to observe generation " .. tostring(generation) ..
      " (observed " .. tostring(status.observedGeneration) .. ")"
  end

  local stalled = findCondition(conditions, "Stalled")
  if stalled ~= nil and stalled.status == "True" then
    return "Degraded", describe(stalled)
  end
  if ready ~= nil and ready.reason == "Suspended" then
    return "Suspended", ready.message or "Suspended"
  end
  local reconciling = findCondition(conditions, "Reconciling")
  if reconciling ~= nil and reconciling.status == "True" then
    return "Progressing", describe(reconciling)
  end
  if ready == nil or ready.status == "Unknown" then
    return "Progressing", "Waiting for the Ready condition"
  end
  if ready.status ~= "True" then
    return "Progressing", describe(ready)
  end
  if generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration ~= generation then
    return "Progressing", "Ready condition is from generation " .. tostring(ready.observedGeneration) ..
      ", waiting for generation " .. tostring(generation)
  end
  if ready.message == nil or ready.message == "" then
    return "Healthy", "Ready"
  end
  return "Healthy", ready.message
end

hs.status, hs.message = assess()
return hs
