-- A resident looks up their own card: GET /api/v1/cards/{token} for a random real card.
-- `cards`: the first community's tokens. Each request comes, through X-Forwarded-For (the
-- server trusts it from 127.0.0.1, where its reverse proxy would be), from an address of its
-- own: residents look up from their own phones, and one address is held to 60 a minute.
function request()
  local address = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("GET", "/api/v1/cards/" .. cards[math.random(#cards)], {
    ["X-Forwarded-For"] = address,
  })
end
