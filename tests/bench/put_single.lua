-- wrk script: single-row streaming PUTs, each row unique (id) so the count is exact.
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
function init(args)
  counter = 0
end
request = function()
  counter = counter + 1
  local body = string.format('{"id": %d, "t": %d, "ts": "2025-01-01 00:00:00", "device": "s-%d", "value": %d.5}', tid * 100000000 + counter, tid, counter % 10, counter)
  return wrk.format("PUT", "/", {["type"] = "json", ["dbms"] = "bench", ["table"] = "put_single", ["mode"] = "streaming",
                                ["Content-Type"] = "text/plain", ["User-Agent"] = "AnyLog/1.23"}, body)
end
