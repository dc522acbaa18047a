-- A redemption of one everyday item for a random household of a random community.
-- `targets`: {path, households, goods} per community.
function request()
  local target = targets[math.random(#targets)]
  local households = target[2]
  local goods = target[3]
  local body = '{"household_id":"' .. households[math.random(#households)] ..
    '","lines":[{"goods_id":"' .. goods[math.random(#goods)] .. '","quantity":1}]}'
  return post(target[1], body)
end
