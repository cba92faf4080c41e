"""Builds the one-folder bundle with packaging/build.sh, as a release would, and runs the
bundle's own --self-test: the proof that what staff unpack actually works."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "com.tsaircargo.waadmin"


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_the_built_bundle_passes_its_self_test(tmp_path: Path) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is not installed: pip install -e '.[test]' brings it")
    env = {**os.environ, "PYTHON": sys.executable, "DIST_DIR": str(tmp_path / "dist"), "WORK_DIR": str(tmp_path / "work")}
    build = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), "--skip-self-test"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    bundle = tmp_path / "dist" / "waadmin"
    executable = bundle / ("waadmin.exe" if sys.platform == "win32" else "waadmin")
    assert executable.is_file()

    run_env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    run_env["HOME"] = str(tmp_path / "home")
    done = subprocess.run([str(executable), "--self-test"], env=run_env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test (bundle)" in done.stdout
    assert "self-test passed" in done.stdout
    assert "(binary, libpq" in done.stdout, "psycopg's compiled implementation did not travel with the bundle"
    assert str(bundle) in done.stdout, "the resources were not found inside the bundle"

    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("waadmin ")

    archives = list((tmp_path / "dist").glob("waadmin-*.tar.gz"))
    assert len(archives) == 1
    with tarfile.open(archives[0]) as archive:
        names = set(archive.getnames())
    assert "waadmin/waadmin" in names or "waadmin/waadmin.exe" in names
    assert f"waadmin/share/applications/{APP_ID}.desktop" in names
    assert f"waadmin/share/metainfo/{APP_ID}.metainfo.xml" in names
    assert f"waadmin/share/icons/hicolor/256x256/apps/{APP_ID}.png" in names
