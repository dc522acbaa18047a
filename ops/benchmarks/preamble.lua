-- What every wrk script of ops/bench shares. Before it, wrk.py writes `local` lines with
-- the script's data, the counter's bearer `token` and `run`, this run's Idempotency-Key prefix.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
end

-- A POST as the counter. Each request has a key of its own (run, thread, count): a key
-- reused with another cart would be an idempotency conflict, not a redemption.
local function post(path, body)
  counter = counter + 1
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run .. "-" .. thread_number .. "-" .. counter,
  }, body)
end
