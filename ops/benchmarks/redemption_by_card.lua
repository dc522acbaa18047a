-- A redemption by card: a random card and a cart of `cart_lines` different everyday items.
-- `path`, `cards`, `goods`: the first community's.
function request()
  local picked, lines = {}, {}
  while #lines < cart_lines do
    local g = goods[math.random(#goods)]
    if not picked[g] then
      picked[g] = true
      lines[#lines + 1] = '{"goods_id":"' .. g .. '","quantity":1}'
    end
  end
  local body = '{"card":"' .. cards[math.random(#cards)] .. '","lines":[' .. table.concat(lines, ",") .. ']}'
  return post(path, body)
end
