"""Whether an address printed on cards only works on this machine (a dead QR code on
every door)."""

from __future__ import annotations

import ipaddress
import urllib.parse


def is_loopback(address: str) -> bool:
    host = (urllib.parse.urlsplit(address).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
