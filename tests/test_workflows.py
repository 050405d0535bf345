"""The pull-request checks: workflows, pre-commit hook and template, run here as on GitHub."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
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
    assert data["permissions"] == {}
    assert data["jobs"]["check"]["permissions"] == {"contents": "read"}
    commands = " ".join(step.get("run", "") for step in steps(data))
    assert "python -m pip install" in commands
    assert "python -m generator validate --format github" in commands
    assert "mkdocs build --strict" in commands
    assert "properdocs build --strict -f mkdocs.yml" in commands
    assert uses(data) == ["actions/checkout", "actions/setup-python"]


def test_main_is_built_and_deployed_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    # Only the job that publishes may write to Pages; the build reads the site's address.
    assert data["permissions"] == {}
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
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


# -- security: what a reviewer of the workflows checks ---------------------------------


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def runnable_files() -> list[Path]:
    """The workflows and the repository's own composite actions."""
    return [*workflow_files(), *sorted((ROOT / ".github").rglob("action.y*ml"))]


def audited_files() -> list[Path]:
    """Everything under .github/ that GitHub runs or obeys."""
    return [*runnable_files(), ROOT / ".github" / "dependabot.yml"]


def tool(name: str) -> str:
    """A command of the test extras, from this interpreter's environment or else PATH."""
    path = Path(sysconfig.get_path("scripts")) / name
    found = str(path) if path.is_file() else shutil.which(name)
    assert found, f'{name} is missing: pip install -e ".[test]"'
    return found


def scripts(data: dict) -> list[tuple[str, str]]:
    """(where, code) of each script a workflow or composite action runs."""
    jobs = data.get("jobs") or {"runs": data.get("runs") or {}}
    found = []
    for job_id, job in jobs.items():
        for n, step in enumerate(job.get("steps") or []):
            where = f"{job_id}, step {step.get('name') or step.get('id') or n + 1}"
            if "run" in step:
                found.append((where, str(step["run"])))
            if str(step.get("uses", "")).startswith("actions/github-script@"):
                found.append((where, str((step.get("with") or {}).get("script", ""))))
    return found


def expanded_in_scripts(text: str) -> list[str]:
    """Each `${{ }}` written inside a script: GitHub pastes its value into the code
    before the shell reads it, so a branch name, a pull request's title or an uploaded
    file's name could run as commands. Through `env:`, quoted ("$NAME"), it stays text."""
    return [
        f"{where}: {expression}"
        for where, code in scripts(yaml.safe_load(text))
        for expression in re.findall(r"\$\{\{.*?\}\}", code, re.S)
    ]


def test_no_workflow_expands_an_expression_inside_a_script():
    assert workflow_files()
    for path in runnable_files():
        assert expanded_in_scripts(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.parametrize(
    "expression",
    [
        "${{ github.head_ref }}",
        "${{ github.event.pull_request.title }}",
        "${{ github.event.pull_request.body }}",
        "${{steps.sheets.outputs.files}}",
    ],
)
def test_the_script_check_catches_user_text_in_any_script(expression):
    in_scripts = f"""
on: pull_request
jobs:
  apply:
    runs-on: ubuntu-latest
    steps:
      - name: Áp dụng bảng tính
        run: |
          echo "Nhánh:"
          python -m generator import "{expression}"
      - uses: actions/github-script@0123456789abcdef0123456789abcdef01234567 # v7.0.1
        with:
          script: console.log("{expression}")
"""
    assert expanded_in_scripts(in_scripts) == [
        f"apply, step Áp dụng bảng tính: {expression}",
        f"apply, step 2: {expression}",
    ]
    through_env = f"""
on: pull_request
jobs:
  apply:
    runs-on: ubuntu-latest
    steps:
      - run: python -m generator import "$SHEET"
        env:
          SHEET: {expression}
"""
    assert expanded_in_scripts(through_env) == []


PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def test_actions_are_pinned_to_a_commit_named_by_its_release():
    pins: dict[str, tuple[str, str]] = {}
    for path in runnable_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            # The repository's own actions and workflows (./ or $/) are no one else's.
            if not re.match(r"^\s*(?:- )?uses:", line) or re.search(r"uses: [.$]/", line):
                continue
            pinned = PINNED.match(line)
            assert pinned, f"{path.name}: {line.strip()} (uses: owner/repo@<sha> # vX.Y.Z)"
            action, sha, version = pinned.groups()
            # One action, one commit: Dependabot then moves every use of it together.
            assert pins.setdefault(action, (sha, version)) == (sha, version), line
    assert {"actions/checkout", "actions/deploy-pages"} <= pins.keys()


def test_dependabot_proposes_updates_of_the_actions_and_the_python_packages():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert updates.keys() == {"github-actions", "pip"}
    assert all(u["directory"] == "/" for u in updates.values())


def test_zizmor_finds_nothing():
    files = [str(p.relative_to(ROOT)) for p in audited_files()]
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--strict-collection", "--color=never", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # A suppression names its reason on the line it excuses, never in a file of its own.
    assert not [p for p in (ROOT / "zizmor.yml", ROOT / ".github/zizmor.yml") if p.exists()]
    for path in audited_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor: ignore" in line:
                assert re.search(r"zizmor: ignore\[[\w,-]+\]\s*\S", line), line


def actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    # shellcheck reads each run: script, catching among others a variable left unquoted.
    command = [tool("actionlint"), "-no-color", "-oneline", f"-shellcheck={tool('shellcheck')}"]
    return subprocess.run([*command, *args], cwd=ROOT, input=stdin, capture_output=True, text=True)


def test_actionlint_finds_nothing():
    result = actionlint(*(str(p.relative_to(ROOT)) for p in runnable_files()))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing_in_the_actions_inputs_and_outputs():
    """actionlint knows the inputs and outputs of an action only by its release tag
    (`actions/checkout@v4`), not by a commit: the pinned workflows are read again with
    each action named by the major release in its comment."""
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        tagged = re.sub(r"@[0-9a-f]{40} # (v\d+)\S*", r"@\1", text)
        # Those releases declare node20, which GitHub's runners now run on node24; the
        # releases for node24 are new major versions that Dependabot proposes on their own.
        ignore = r'runtime "node20" is deprecated in GitHub Actions'
        name = str(path.relative_to(ROOT))
        result = actionlint("-ignore", ignore, "-stdin-filename", name, "-", stdin=tagged)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_auditors_catch_an_unsafe_workflow_offline(tmp_path):
    unsafe = tmp_path / ".github/workflows/unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        """on: pull_request
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}" $GREETING
""",
        encoding="utf-8",
    )
    zizmor = subprocess.run(
        [tool("zizmor"), "--offline", "--format=json", "--quiet", str(unsafe)],
        capture_output=True,
        text=True,
    )
    found = {finding["ident"] for finding in json.loads(zizmor.stdout)}
    assert {"artipacked", "excessive-permissions", "template-injection", "unpinned-uses"} <= found
    result = actionlint(str(unsafe))
    assert result.returncode == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in result.stdout
    assert "SC2086" in result.stdout and "[shellcheck]" in result.stdout


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
