"""sphinx-cv as a package: sdist and wheel build and pass twine check, and the
wheel, installed in a fresh venv, starts a CV that builds, without this repository."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from sphinx_cv import __version__

from conftest import ROOT, checkout

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist and wheel of a clean clone, by python -m build."""
    work = tmp_path_factory.mktemp("package")
    source = checkout(work / "source")
    run(sys.executable, "-m", "build", "--outdir", work / "dist", source, cwd=work)
    return work / "dist"


def test_sdist_and_wheel_pass_twine_check(dist):
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [
        f"sphinx_cv-{__version__}-py3-none-any.whl",
        f"sphinx_cv-{__version__}.tar.gz",
    ]
    result = run(BIN / "twine", "check", "--strict", *files, cwd=dist)
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_the_template_license_and_command(dist):
    wheel = zipfile.ZipFile(next(dist.glob("*.whl")))
    names = set(wheel.namelist())
    folder = ROOT / "sphinx_cv" / "templates" / "new-project"
    template = {
        p.relative_to(ROOT).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert template <= names
    assert {"sphinx_cv/static/sphinx-cv.css", "sphinx_cv/pdf/sphinx-cv.typ"} <= names
    info = f"sphinx_cv-{__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    assert "sphinx-cv = sphinx_cv.cli:main" in wheel.read(
        f"{info}/entry_points.txt"
    ).decode("utf-8")
    metadata = wheel.read(f"{info}/METADATA").decode("utf-8")
    assert f"Version: {__version__}" in metadata
    assert "sphinx-cv new my-cv" in metadata  # the long description
    top = f"sphinx_cv-{__version__}"
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        assert {f"{top}/LICENSE", f"{top}/docs/quickstart.md"} <= set(sdist.getnames())


def test_the_version_is_written_once():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "sphinx_cv.__version__"}
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## {__version__}" in changelog


def test_from_the_wheel_to_a_built_cv_without_this_repository(dist, tmp_path):
    """A fresh venv with the wheel; sphinx-cv new; then the new project's own
    make html and make pdf (which make its .venv from its pinned requirements,
    sphinx-cv among them, found in the folder of the wheel)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["PIP_FIND_LINKS"] = str(dist)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path, env=env)
    lock = ROOT / "sphinx_cv" / "templates" / "new-project" / "requirements.txt"
    wheel = next(dist.glob("*.whl"))
    run(venv / "bin" / "pip", "install", "-q", "-c", lock, wheel, cwd=tmp_path, env=env)
    where = run(
        venv / "bin" / "python",
        "-c",
        "import sphinx_cv; print(sphinx_cv.__file__)",
        cwd=tmp_path,
        env=env,
    ).stdout
    assert str(ROOT) not in where
    assert where.startswith(str(venv))
    timings = {}
    for name, command, cwd in [
        (
            "sphinx-cv new",
            [venv / "bin" / "sphinx-cv", "new", "cv", "--name", "Ada Lovelace"],
            tmp_path,
        ),
        ("make html", ["make", "html"], tmp_path / "cv"),
        ("make pdf", ["make", "pdf"], tmp_path / "cv"),
    ]:
        start = time.perf_counter()
        run(*command, cwd=cwd, env=env)
        timings[name] = time.perf_counter() - start
    project = tmp_path / "cv"
    assert (project / "_build" / "html" / "index.html").exists()
    assert (project / "_build" / "html" / "ada-lovelace-cv.pdf").exists()
    assert (project / "_build" / "pdf" / "ada-lovelace-cv.pdf").exists()
    installed = run(
        project / ".venv" / "bin" / "python",
        "-c",
        "import sphinx_cv; print(sphinx_cv.__file__)",
        cwd=project,
        env=env,
    ).stdout
    assert installed.startswith(str(project / ".venv"))
    check = subprocess.run(
        ["make", "check"], cwd=project, env=env, capture_output=True, text=True
    )
    assert check.returncode != 0  # the examples are still there, and listed
    assert "[example2024article] is an example entry" in check.stderr
    print(", ".join(f"{name}: {seconds:.1f} s" for name, seconds in timings.items()))


def test_pre_commit_runs_the_tools_make_check_runs():
    """ruff, ruff format and mypy from .venv (the pins of requirements-test.txt);
    the other hooks at a fixed release, not a branch."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    entries = {hook["id"]: hook["entry"].split()[0] for hook in local["hooks"]}
    assert entries == {
        "ruff": ".venv/bin/ruff",
        "ruff-format": ".venv/bin/ruff",
        "mypy": ".venv/bin/mypy",
    }
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "$(BIN)/ruff check ." in makefile and "$(BIN)/mypy" in makefile
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert repo["rev"].startswith("v") and repo["rev"][1].isdigit(), repo
