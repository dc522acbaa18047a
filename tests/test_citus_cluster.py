"""The pieces of ops/citus_cluster that need no cluster: the tarball goes over the install
only when its checksum is the stated one and only adds files; URLs are pointed at other
nodes and databases keeping their credentials. (The cluster itself is proven by ops/test-citus,
which runs the whole suite on it.)"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from ops.citus_cluster import databases, install

LIBRARY = b"\x7fELF not really a library"
CONTROL = b"default_version = '13.2-1'\n"


def _tarball(folder: Path, members: dict[str, bytes]) -> tuple[Path, str]:
    path = folder / "citus.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, contents in members.items():
            member = tarfile.TarInfo(name)
            member.size = len(contents)
            archive.addfile(member, io.BytesIO(contents))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _citus_members() -> dict[str, bytes]:
    return {
        "./LICENSE": b"AGPL-3.0",
        "./lib/postgresql/citus.so": LIBRARY,
        "./share/postgresql/extension/citus.control": CONTROL,
        "./share/postgresql/extension/citus--13.2-1.sql": b"-- new",
    }


def test_the_tarball_adds_its_files_and_replaces_none(tmp_path):
    prefix = tmp_path / "pginstall"
    (prefix / "share/postgresql/extension").mkdir(parents=True)
    (prefix / "share/postgresql/extension/citus--13.2-1.sql").write_bytes(b"-- already there")
    tarball, sha256 = _tarball(tmp_path, _citus_members())

    assert install.ensure_installed(tarball, prefix, sha256)

    assert (prefix / "lib/postgresql/citus.so").read_bytes() == LIBRARY
    assert (prefix / "share/postgresql/extension/citus.control").read_bytes() == CONTROL
    assert (prefix / "share/postgresql/extension/citus--13.2-1.sql").read_bytes() == b"-- already there"
    assert (prefix / "LICENSE-citus").read_bytes() == b"AGPL-3.0"
    assert not install.ensure_installed(tarball, prefix, sha256)  # there already: nothing to do


def test_a_tarball_with_another_checksum_or_a_stray_member_is_refused(tmp_path):
    tarball, sha256 = _tarball(tmp_path, _citus_members())
    with pytest.raises(install.InstallError, match="sha256"):
        install.ensure_installed(tarball, tmp_path / "pginstall", install.TARBALL_SHA256)

    stray, stray_sha256 = _tarball(tmp_path, {**_citus_members(), "./bin/postgres": b"replaced"})
    with pytest.raises(install.InstallError, match="unexpected member"):
        install.ensure_installed(stray, tmp_path / "other", stray_sha256)
    assert not (tmp_path / "other").exists()  # checked whole before anything is written


def test_urls_keep_their_credentials_and_options_on_another_node_or_database():
    url = "postgresql://ledger:secret@coordinator.example:5432/ledger?sslmode=require"

    assert databases.with_node(url, "worker-2.example", 6432) == (
        "postgresql://ledger:secret@worker-2.example:6432/ledger?sslmode=require"
    )
    assert databases.with_node("postgresql://localhost:5432/ledger", "::1", 6432) == (
        "postgresql://[::1]:6432/ledger"
    )
    assert databases.with_database(url, "ledger_test_citus") == (
        "postgresql://ledger:secret@coordinator.example:5432/ledger_test_citus?sslmode=require"
    )
    with pytest.raises(ValueError, match="plain database name"):
        databases.with_database(url, "ledger; DROP DATABASE ledger")
