"""The office machine's address on the village network, for `ops/run --lan`."""

from __future__ import annotations

import ipaddress
import socket


def lan_address() -> str | None:
    """The IPv4 address other machines on the local network reach this one at: the source
    address the kernel would use for an outside destination (a UDP "connect" sends nothing),
    else the host name's addresses. None: no network but loopback."""
    candidates: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like the Internet, never answered
            candidates.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        candidates.extend(
            str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        )
    except OSError:
        pass
    for candidate in candidates:
        address = ipaddress.ip_address(candidate)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            return str(address)
    return None
