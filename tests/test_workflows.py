"""The pull-request checks: workflows, pre-commit hook and template, run here as on GitHub."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_sample

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def uses(data: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(data) if "uses" in step]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the shipped project, with `python` and `mkdocs` of this interpreter first."""
    (tmp_path / "repo").mkdir()
    root = copy_sample(tmp_path / "repo")
    (root / "schemas").mkdir()
    for schema in (ROOT / "schemas").iterdir():
        (root / "schemas" / schema.name).write_bytes(schema.read_bytes())
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # Scripts, not a link: a link to a virtual environment's python outside its folder
    # would start the base interpreter without the environment's packages.
    for name, command in (
        ("python", ""),
        ("mkdocs", " -m mkdocs"),
        ("properdocs", " -m properdocs"),
    ):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}"{command} "$@"\n')
        script.chmod(0o755)
    return root


PAGES_ADDRESS = "https://org.github.io/dan-van-kheo"  # what configure-pages outputs


def github_value(value: str) -> str:
    """A step's env value as GitHub would expand it here."""
    return value.replace("${{ steps.pages.outputs.base_url }}", PAGES_ADDRESS)


def run_step(step: dict, root: Path) -> subprocess.CompletedProcess:
    assert "${{" not in step["run"]
    env = {
        **os.environ,
        **{name: github_value(value) for name, value in step.get("env", {}).items()},
        "PATH": f"{root.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(root.parent),
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=root, capture_output=True, text=True, env=env
    )


def local_steps(data: dict) -> list[dict]:
    """The run: steps that can run here; installing needs the network and is done already."""
    runnable = [s for s in steps(data) if "run" in s and "pip install" not in s["run"]]
    assert runnable
    return runnable


def test_pull_requests_are_validated_and_built():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    assert data["permissions"] == {"contents": "read"}
    commands = " ".join(step.get("run", "") for step in steps(data))
    assert "python -m pip install" in commands
    assert "python -m generator validate --format github" in commands
    assert "mkdocs build --strict" in commands
    assert "properdocs build --strict -f mkdocs.yml" in commands
    assert uses(data) == ["actions/checkout", "actions/setup-python"]


def test_main_is_built_and_deployed_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write"
    assert data["permissions"]["id-token"] == "write"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    built = next(s for s in build["steps"] if "mkdocs build" in s.get("run", ""))
    assert "--strict" in built["run"] and upload["with"]["path"] in built["run"].split()
    # The site's address comes from the Pages step, which runs before the build...
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure"))
    assert build["steps"].index(pages) < build["steps"].index(built)
    assert built["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    # ...and reaches site_url unless mkdocs.yml names an address of its own.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r'^site_url: !ENV \[SITE_URL, ""\]$', config, re.M)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["check.yml", "deploy.yml"])
def test_workflow_commands_pass_on_the_shipped_data(sample, name):
    for step in local_steps(workflow(name)):
        result = run_step(step, sample)
        assert result.returncode == 0, (step["run"], result.stdout, result.stderr)
    site = sample / "site" if name == "deploy.yml" else sample.parent / "site"
    assert (site / "index.html").is_file()
    assert (site / "huong-dan/dong-gop/index.html").is_file()
    # Deployed, every address is the Pages one, the 404 page's assets included.
    home = (site / "index.html").read_text(encoding="utf-8")
    missing = (site / "404.html").read_text(encoding="utf-8")
    if name == "deploy.yml":
        assert f'<link rel="canonical" href="{PAGES_ADDRESS}/">' in home
        assert 'href="/dan-van-kheo/assets/dvk.css"' in missing
        assert f'href="{PAGES_ADDRESS}/mo-hinh/' in (site / "feed.xml").read_text(encoding="utf-8")
    else:
        assert 'rel="canonical"' not in home


@pytest.mark.slow
def test_a_broken_model_fails_the_check_with_an_annotation(sample):
    path = sample / "models/do-thi-van-minh/tuyen-duong-sang-xanh-sach-dep.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("field: do-thi-van-minh", "field: do-thi"), encoding="utf-8")
    validate = next(s for s in local_steps(workflow("check.yml")) if "validate" in s["run"])
    result = run_step(validate, sample)
    assert result.returncode == 1
    line = text.splitlines().index("field: do-thi-van-minh") + 1
    assert result.stdout.startswith(
        f"::error file=models/do-thi-van-minh/tuyen-duong-sang-xanh-sach-dep.md,line={line},"
    )
    build = next(s for s in local_steps(workflow("check.yml")) if "mkdocs build" in s["run"])
    assert run_step(build, sample).returncode == 1


def test_stale_schemas_fail_the_check(sample):
    (sample / "schemas/mo-hinh.schema.json").write_text("{}\n", encoding="utf-8")
    step = next(s for s in local_steps(workflow("check.yml")) if "schema --check" in s["run"])
    result = run_step(step, sample)
    assert result.returncode == 1
    assert "schemas/mo-hinh.schema.json:1:" in result.stdout


def test_pre_commit_hook_runs_the_validator(sample):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"
    assert hook["entry"] == "python -m generator validate"
    files = re.compile(hook["files"])
    assert files.search("models/do-thi-van-minh/mo-hinh.md")
    assert files.search("models/_units.yml") and files.search("mkdocs.yml")
    assert not files.search("docs/index.md")
    assert run_step({"run": hook["entry"]}, sample).returncode == 0
    (sample / "models/_units.yml").write_text("- id: Sai Ma\n", encoding="utf-8")
    assert run_step({"run": hook["entry"]}, sample).returncode == 1


def test_pull_request_template_is_a_vietnamese_checklist():
    text = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 5
    assert any("NĂM-THÁNG-NGÀY" in item for item in items)
    assert any("models/_units.yml" in item for item in items)
    assert "/huong-dan/dong-gop/" in text


def test_editor_settings_map_the_schemas_to_the_data_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped: dict[Path, str] = {}
    for schema, patterns in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file(), schema
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                assert path not in mapped, f"{path} has two schemas"
                mapped[path] = Path(schema).name
    models = ROOT / "models"
    assert mapped[models / "_units.yml"] == "don-vi.schema.json"
    yml_models = [p for p in models.rglob("*.yml") if not p.name.startswith("_")]
    assert yml_models
    for path in yml_models:
        assert mapped[path] == "mo-hinh-yml.schema.json"


# -- the README's commands, as a new user types them ----------------------------------


def readme_commands(section: str) -> list[str]:
    """The ```bash blocks of one section (## heading) of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {section}")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```bash\n(.*?)\n```", text[start : end if end > 0 else None], re.S)


def test_ci_runs_exactly_the_readme_test_command():
    (command,) = readme_commands("Chạy kiểm thử")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert script[0] == "#!/usr/bin/env bash"
    steps = [line for line in script[1:] if line and not line.startswith("#")]
    assert steps == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', command]


def interpreters() -> dict[str, tuple[str, dict]]:
    """The pythons a new user may have: (python3 found on PATH, environment) by name."""
    venv = sys.prefix != sys.base_prefix
    bin_dir = str(Path(sys.executable).parent)
    plain = [d for d in os.environ["PATH"].split(os.pathsep) if not (venv and d == bin_dir)]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    found = {
        # The distribution's own, which refuses `pip install` (PEP 668) on Debian 12.
        "debian": ("/usr/bin/python3", {**env, "PATH": "/usr/bin:/bin"}),
        "path": (
            shutil.which("python3", path=os.pathsep.join(plain)),
            {**env, "PATH": os.pathsep.join(plain)},
        ),
    }
    if venv:  # as if activated: its bin first, VIRTUAL_ENV set
        found["venv"] = (
            sys.executable,
            {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": sys.prefix},
        )
    return found


def fresh_copy(dest: Path) -> None:
    """What a clone would hold: the files git keeps (ignored ones left out), or the tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:  # not a git checkout: the tree without builds and caches
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__"))
        return
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["debian", "path", "venv"])
def test_readme_install_and_build_command_works_on_a_fresh_copy(tmp_path, name):
    python, env = interpreters().get(name, (None, {}))
    if not python or not Path(python).exists():
        pytest.skip(f"no {name} python here")
    if name == "path" and os.path.realpath(python) == "/usr/bin/python3.11":
        pytest.skip("python3 on PATH is the distribution's, tried as debian")
    build = next(c for c in readme_commands("Bắt đầu nhanh (cho cán bộ)") if "mkdocs build" in c)
    serve = next(c for c in readme_commands("Bắt đầu nhanh (cho cán bộ)") if "mkdocs serve" in c)
    assert build.rsplit("&&", 1)[0] == serve.rsplit("&&", 1)[0], "one install for both"
    copy = tmp_path / "dan-van-kheo"
    fresh_copy(copy)
    result = subprocess.run(
        ["bash", "-e", "-c", build],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        stdin=subprocess.DEVNULL,
        timeout=900,
    )
    assert result.returncode == 0, (python, result.stdout[-3000:], result.stderr[-3000:])
    assert (copy / "site" / "index.html").is_file()
    assert (copy / ".venv" / "bin" / "mkdocs").is_file()
