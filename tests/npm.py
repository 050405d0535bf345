"""npm packages the browser tests need, installed once into a cache folder.

CI installs Node.js and npm (tests/run.sh); there a missing npm fails the tests that
need it instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("DVK_NPM_CACHE", Path.home() / ".cache" / "dan-van-kheo-tests"))


def need_npm() -> str:
    npm = shutil.which("npm")
    if npm and shutil.which("node"):
        return npm
    if os.environ.get("CI"):
        pytest.fail("npm and node are needed by this test (tests/run.sh installs them)")
    pytest.skip("npm and node are not installed")


def _done(folder: Path) -> bool:
    return (folder / ".complete").is_file()


def package_files(name: str, version: str) -> Path:
    """The files of one npm package (no dependencies), as published: `npm pack`."""
    folder = CACHE / "pack" / f"{name.replace('/', '+')}@{version}"
    if not _done(folder):
        npm = need_npm()
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run(
                [npm, "pack", f"{name}@{version}", "--silent"],
                cwd=scratch,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr
            tarball = Path(scratch) / result.stdout.strip().splitlines()[-1]
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            with tarfile.open(tarball) as archive:
                archive.extractall(folder, filter="data")
        (folder / ".complete").touch()
    return folder / "package"


def installed(name: str, version: str) -> Path:
    """node_modules/<name> of the package installed with its dependencies."""
    folder = CACHE / "install" / f"{name.replace('/', '+')}@{version}"
    if not _done(folder):
        npm = need_npm()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(folder),
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                f"{name}@{version}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        (folder / ".complete").touch()
    return folder / "node_modules" / name
