"""The prebuilt Citus extracted over the embedded PostgreSQL's install (pgserver's pginstall/).

The tarball only adds files (citus*.so, the extension's control and SQL files); one whose
checksum differs from the one its README states is refused, and a file already present is
never replaced.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
TARBALL_NAME = "citus-13.2.2-pg16.2.tar.gz"
# Named by the user, or ../shared/citus/ beside the checkout — or beside a folder above it, so
# that a clone made anywhere below the project's folder (a CI clone, a scratch copy) finds it.
TARBALL_VARIABLE = "LEDGER_CITUS_TARBALL"


def default_tarball() -> Path:
    named = os.environ.get(TARBALL_VARIABLE)
    if named:
        return Path(named)
    for folder in REPOSITORY.parents:
        candidate = folder / "shared" / "citus" / TARBALL_NAME
        if candidate.is_file():
            return candidate
    return REPOSITORY.parent / "shared" / "citus" / TARBALL_NAME


# From ../shared/citus/README.md: the build of tag v13.2.2 against pgserver 0.1.4's PostgreSQL 16.2.
TARBALL_SHA256 = "b69664f3624dbd7f07224cd3bec41874e25a86697f0f054519cce5135dd2b2ab"
# Present once the extension is installed: the library every node preloads, and its control file.
_INSTALLED_MARKERS = ("lib/postgresql/citus.so", "share/postgresql/extension/citus.control")

_LICENSE = "LICENSE-citus"


class InstallError(Exception):
    """The tarball is missing, is not the one the README names, or holds something unexpected."""


def pginstall() -> Path:
    """The embedded PostgreSQL's install prefix (bin/, lib/, share/)."""
    from ledger import embedded

    return embedded.binaries().parent


def is_installed(prefix: Path) -> bool:
    return all((prefix / marker).is_file() for marker in _INSTALLED_MARKERS)


def ensure_installed(tarball: Path, prefix: Path, sha256: str = TARBALL_SHA256) -> bool:
    """Extract `tarball` (whose checksum must be `sha256`) over `prefix` unless Citus is there
    already; True when it extracted."""
    if is_installed(prefix):
        return False
    if not tarball.is_file():
        raise InstallError(f"no Citus tarball at {tarball}")
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != sha256:
        raise InstallError(f"{tarball} has sha256 {digest}, not {sha256}")
    with tarfile.open(tarball, "r:gz") as archive:
        # Every member checked before any is written, so a refused tarball leaves nothing behind.
        targets = [(member, _target(member, prefix)) for member in archive.getmembers() if not member.isdir()]
        for member, target in targets:
            _extract_one(archive, member, target)
    if not is_installed(prefix):
        raise InstallError(f"{tarball} did not hold {', '.join(_INSTALLED_MARKERS)}")
    return True


def _target(member: tarfile.TarInfo, prefix: Path) -> Path:
    # Directories are made as needed rather than extracted, so the install's own folders keep
    # their owners and modes; only regular files below lib/ and share/, and the licence, are
    # expected.
    relative = Path(member.name)
    if not member.isfile() or relative.is_absolute() or ".." in relative.parts:
        raise InstallError(f"unexpected member in the Citus tarball: {member.name}")
    if relative == Path("LICENSE"):  # Citus's AGPL-3.0, named so as not to pass for PostgreSQL's
        return prefix / _LICENSE
    if relative.parts[0] not in ("lib", "share"):  # pathlib drops the archive's leading "./"
        raise InstallError(f"unexpected member in the Citus tarball: {member.name}")
    return prefix / relative


def _extract_one(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    assert source is not None, member.name  # a regular file always has contents
    target.write_bytes(source.read())
    # Readable (and, for the libraries, loadable) by the unprivileged user the nodes run as.
    target.chmod(0o755 if target.suffix == ".so" else 0o644)
