"""`sheets apply` and the workflow over it: sheets uploaded under bang-tinh/ on a branch,
applied to the model files by the yearly tools, reported row by row; the workflow's
steps played on a temporary git repository, with a stand-in for GitHub's `gh`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import ROOT, copy_sample
from test_review import inserted

from generator.authoring.outcome import Outcome, Row, Status, Target
from generator.authoring.uploads import Applied, Kind
from generator.cli import REPORT_MARK, main, sheets_markdown
from generator.data.load import load
from generator.data.options import settings_from
from generator.data.validate import VIETNAM
from generator.site.downloads import sheets
from generator.site.reviewsheet import may_choose

NOW = datetime.now(VIETNAM)
YEAR = NOW.year
SITE = "https://org.github.io/dan-van-kheo/"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Cán bộ",
    "GIT_AUTHOR_EMAIL": "can-bo@example.org",
    "GIT_COMMITTER_NAME": "Cán bộ",
    "GIT_COMMITTER_EMAIL": "can-bo@example.org",
}
# Names a staff member's computer may give: marks, spaces, quotes, a shell's $( ) and `.
REVIEW_NAME = f"bang-tinh/{YEAR}/Bảng bình xét {YEAR} (họp 12-12).xlsx"
ROUND_NAME = f"bang-tinh/{YEAR}/biểu dương $(touch pwned) 'đợt 1' \"QĐ\".xlsx"
NEW_NAME = f"bang-tinh/{YEAR}/mô hình mới `id`; echo x.xlsx"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    )
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in (root / "models").rglob("*")
        if p.is_file()
    }


def catalog_of(root: Path):
    settings, base = settings_from(root / "mkdocs.yml")
    return load(settings, base)


def upload(root: Path, unknown_row: bool = True) -> dict:
    """The site's three sheets filled as staff would, saved under bang-tinh/; what was
    typed, to check against."""
    catalog = catalog_of(root)
    made = sheets(catalog, NOW)
    # The review: three results typed three ways, one showcase model chosen.
    book = openpyxl.load_workbook(io.BytesIO(made[f"du-lieu/bang-binh-xet-{YEAR}.xlsx"]))
    sheet = book.active
    header = [c.value for c in sheet[3]]
    result = header.index(f"Kết quả bình xét năm {YEAR}") + 1
    showcase = header.index("Chọn làm mô hình điểm") + 1
    models = {m.slug: m for m in catalog.models}
    rows = {
        sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value
    }
    open_rows = [s for s in rows if s in models and YEAR not in models[s].reviews]
    chosen = next(s for s in open_rows if may_choose(models[s], YEAR))
    typed = {chosen: "Công nhận"}
    typed.update(
        zip(
            [s for s in open_rows if s != chosen][:3],
            ["cong nhan", "Không đạt", "Đạt"],
            strict=False,
        )
    )
    for slug, text in typed.items():
        sheet.cell(rows[slug], result, text)
    sheet.cell(rows[chosen], showcase, "Có")
    path = root / REVIEW_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    # One commendation round: two models by slug and by title and unit, one unknown.
    book = openpyxl.load_workbook(io.BytesIO(made["du-lieu/mau-bieu-duong.xlsx"]))
    sheet = book.active
    sheet["B3"], sheet["B4"] = "Quyết định số 215/QĐ-UBND", NOW.replace(tzinfo=None)
    sheet["B5"], sheet["B6"] = "Ủy ban nhân dân thành phố", "Điển hình tiên tiến"
    commended = sorted(catalog.published, key=lambda m: m.slug)[:2]
    sheet.cell(9, 1, 1), sheet.cell(9, 2, commended[0].slug)
    sheet.cell(10, 1, 2), sheet.cell(10, 3, commended[1].title.upper())
    sheet.cell(10, 4, commended[1].unit.name)
    if unknown_row:
        sheet.cell(11, 1, 3), sheet.cell(11, 3, "Mô hình chưa có | <b>@ai</b>")
    book.save(root / ROUND_NAME)
    # New models: one of a unit in the registry, one of a new unit.
    book = openpyxl.load_workbook(io.BytesIO(made["du-lieu/mau-nhap-mo-hinh.xlsx"]))
    sheet = book.active
    columns = {c.value: c.column for c in sheet[3]}
    unit = next(iter(catalog.units.values()))
    for row, values in (
        (4, {"Tên mô hình": "Vườn rau sạch khu phố", "Đơn vị": unit.name, "Năm đăng ký": YEAR}),
        (5, {"Tên mô hình": "Tổ tự quản bến đò", "Đơn vị": "Chi bộ ấp Bến Đò",
             "Địa bàn": unit.locality, "Năm đăng ký": f"02/01/{YEAR}"}),
    ):  # fmt: skip
        values["Lĩnh vực"] = catalog.settings.fields[0].name
        values["Tóm tắt"] = "Người dân cùng làm, cùng giữ."
        for name, value in values.items():
            sheet.cell(row, columns[name], value)
    book.save(root / NEW_NAME)
    return {"typed": typed, "commended": commended}


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / "repo").mkdir()
    root = copy_sample(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Dữ liệu")
    git(root, "checkout", "-q", "-b", "bang-tinh-nam-nay")
    return root


def sheets_apply(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out):
        code = main(["sheets", "apply", *args])
    return code, out.getvalue()


def test_a_branch_of_three_sheets_is_applied_with_only_new_lines(repo, monkeypatch):
    """The issue's "done when": a review sheet, a commendation round and new models added
    on a branch, applied by `sheets apply --base main`; a second run changes nothing."""
    monkeypatch.setenv("SITE_URL", SITE)
    typed = upload(repo, unknown_row=False)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Tải bảng tính lên")
    before = snapshot(repo)
    code, printed = sheets_apply(repo, "--base", "main", "--report", "../bao-cao.md")
    assert code == 0, printed
    after = snapshot(repo)
    changed = {p for p in after if after[p] != before.get(p)}
    new = {p for p in after if p not in before}
    # Every change is new lines: results, the showcase, the round; two new model files
    # and the new unit at the end of the registry.
    catalog = catalog_of(repo)
    by_slug = {m.slug: m for m in catalog.models}
    reviewed = {by_slug[s].source for s in typed["typed"]}
    commended = {m.source for m in typed["commended"]}
    assert changed - new == reviewed | commended | {"models/_units.yml"}
    for path in changed - new:
        assert inserted(before[path], after[path])
    chosen = next(s for s, t in typed["typed"].items() if t == "Công nhận")
    assert by_slug[chosen].showcase == NOW.date()
    assert by_slug[chosen].reviews[YEAR] is True
    assert sorted(Path(p).name for p in new) == ["to-tu-quan-ben-do.md", "vuon-rau-sach-khu-pho.md"]
    assert "- id: chi-bo-ap-ben-do" in after["models/_units.yml"].decode()
    for model in typed["commended"]:
        assert [c.decision for c in by_slug[model.slug].commendations][-1] == (
            "Quyết định số 215/QĐ-UBND"
        )
    # The report names each row's model, linked to its page.
    report = (repo.parent / "bao-cao.md").read_text(encoding="utf-8")
    assert report.startswith(REPORT_MARK + "\n")
    assert report.count("\n### ") == 3
    for slug in [*typed["typed"], *(m.slug for m in typed["commended"])]:
        assert f"]({SITE}mo-hinh/{slug}/) `{slug}`" in report
    assert "✅ Mọi dòng đã được ghi hoặc đã có sẵn." in report
    # Again: nothing more.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Áp dụng")
    code, printed = sheets_apply(repo, "--base", "main", "--report", "../lan-hai.md")
    assert code == 0, printed
    assert git(repo, "status", "--porcelain") == ""
    again = (repo.parent / "lan-hai.md").read_text(encoding="utf-8")
    assert "✅ Đã ghi" not in again and "☑️ Đã có, không đổi" in again
    assert not (repo / "pwned").exists() and not (repo.parent / "pwned").exists()


def test_rows_that_need_a_person_and_sheets_that_cannot_be_read(repo):
    upload(repo)
    code, printed = sheets_apply(repo, "--base", "main", "--format", "github")
    assert code == 1  # the round's row 11 names no model
    assert (
        f"::error file={ROUND_NAME},line=11,title=Dòng bảng tính cần xem lại::"
        "Không tìm thấy mô hình “Mô hình chưa có | <b>@ai</b>”"
    ) in printed
    # A file that is no spreadsheet, and one that is none of the three kinds.
    (repo / "bang-tinh/hong.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Chức vụ"])
    book.save(repo / "bang-tinh/danh-ba.xlsx")
    code, printed = sheets_apply(repo, "--base", "main", "--dry-run", "--report", "../r.md")
    assert code == 2
    report = (repo.parent / "r.md").read_text(encoding="utf-8")
    assert "hong\\.xlsx: ❌ chưa áp dụng được" in report
    assert "Không đọc được tệp Excel" in report and "Không nhận ra bảng" in report
    assert "Chạy thử: chưa ghi tệp nào." in report


def test_an_unknown_base_is_said(repo):
    code = main(["sheets", "apply", "-f", str(repo / "mkdocs.yml"), "--base", "khong-co"])
    assert code == 2


def test_the_report_escapes_what_was_typed():
    outcome = Outcome("bang-tinh/a|b.xlsx")
    row = outcome.add(
        Row(
            "bang-tinh/a|b.xlsx:4",
            4,
            {"title": "<script>x</script> | @admin [y](http://e.vil) #12 `z`"},
            Target("tuyen-duong", "A*b_c <i>", "models/tuyen-duong.md"),
        )
    )
    row.fail(Status.UNKNOWN, "Không tìm thấy mô hình “<img src=x onerror=alert(1)>”.")
    applied = [Applied("bang-tinh/a|b.xlsx", Kind.IMPORT, outcome)]
    text = sheets_markdown(applied, "main", SITE, False, False)
    line = next(line for line in text.splitlines() if line.startswith("| 4 |"))
    cells = re.split(r"(?<!\\)\|", line)
    assert len(cells) == 6  # four cells, each the row's own
    # Every mark comes escaped; a name or a number cannot call anyone.
    for raw in ("<script", "<img", "<i>", "](http://e", "`z"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    assert "@admin" not in text and "#12" not in text
    assert f"[A\\*b\\_c \\<i\\>]({SITE}mo-hinh/tuyen-duong/) `tuyen-duong`" in line
    assert "❌ Cần người xem lại" in text


# -- the workflow, step by step, on a repository with a remote -------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "bang-tinh.yml"
FORKS = ROOT / ".github" / "workflows" / "bang-tinh-ban-sao.yml"
REPO = "org/dan-van-kheo"
NUMBER = "7"

FAKE_GH = r'''#!PYTHON
"""gh api, as the workflow calls it, over a file of comments and statuses."""
import json, subprocess, sys
from pathlib import Path

state = Path(sys.argv[0]).with_name("github.json")
data = json.loads(state.read_text())
args = sys.argv[1:]
data["calls"].append(args)
assert args[0] == "api", args
args = args[1:]
method, jq, fields, paginate = "GET", None, {}, False
rest = []
while args:
    word = args.pop(0)
    if word == "--method":
        method = args.pop(0)
    elif word == "--jq":
        jq = args.pop(0)
    elif word == "--paginate":
        paginate = True
    elif word in ("-F", "-f"):
        name, _, value = args.pop(0).partition("=")
        if word == "-F" and value.startswith("@"):
            value = Path(value[1:]).read_text()
        fields[name] = value
    else:
        rest.append(word)
(path,) = rest
repo = "repos/REPO/"
assert path.startswith(repo), path
path = path[len(repo):]
if path == "pages":
    answer = {"html_url": "SITE"}
elif path == "issues/NUMBER/comments" and method == "GET":
    answer = data["comments"]
elif path == "issues/NUMBER/comments" and method == "POST":
    answer = {"id": 100 + len(data["comments"]), "user": {"login": "github-actions[bot]"},
              "body": fields["body"]}
    data["comments"].append(answer)
elif path.startswith("issues/comments/") and method == "PATCH":
    answer = next(c for c in data["comments"] if str(c["id"]) == path.rsplit("/", 1)[1])
    answer["body"] = fields["body"]
elif path.startswith("statuses/") and method == "POST":
    answer = {"sha": path.rsplit("/", 1)[1], **fields}
    data["statuses"].append(answer)
else:
    sys.exit(f"gh: no {method} {path}")
state.write_text(json.dumps(data))
text = json.dumps(answer)
if jq:
    text = subprocess.run(["jq", "-r", jq], input=text, capture_output=True, text=True,
                          check=True).stdout
print(text, end="" if text.endswith("\n") else "\n")
'''


def expression_values(outputs: dict[str, dict[str, str]], event: dict) -> dict[str, str]:
    values = {
        "github.token": "ghs_fake",
        "github.event.pull_request.base.sha": event["base"],
        "github.event.pull_request.head.ref": event["branch"],
        "github.event.pull_request.number": NUMBER,
        "contains(github.event.pull_request.labels.*.name, 'bang-tinh-ghi-de')": (
            "true" if "bang-tinh-ghi-de" in event["labels"] else "false"
        ),
    }
    for step, found in outputs.items():
        for name, value in found.items():
            values[f"steps.{step}.outputs.{name}"] = value
    return values


def expand(value: str, values: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        assert match.group(1) in values, f"the test does not know {match.group(1)}"
        return values[match.group(1)]

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, str(value))


def read_outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def apply_job(workspace: Path, bin_dir: Path, event: dict) -> tuple[dict, int]:
    """The job's run: steps, as GitHub would run them (the checkouts and the installation
    done by the test); its outputs and the exit status of its last step."""
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["apply"]
    outputs: dict[str, dict[str, str]] = {}
    code = 0
    for n, step in enumerate(job["steps"]):
        if "run" not in step or "pip install" in step["run"]:
            continue
        if "hashFiles" in step.get("if", "") and not (workspace / "tmp/bao-cao.md").is_file():
            continue
        values = expression_values(outputs, event)
        output = workspace / f"output-{n}"
        output.write_text("")
        env = {
            **os.environ,
            **{k: expand(v, values) for k, v in step.get("env", {}).items()},
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "RUNNER_TEMP": str(workspace / "tmp"),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(workspace / "summary.md"),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_SERVER_URL": "https://github.com",
        }
        assert "${{" not in step["run"]
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=workspace / step.get("working-directory", "."),
            capture_output=True,
            text=True,
            env=env,
        )
        if "id" in step:
            outputs[step["id"]] = read_outputs(output)
        code = done.returncode
        if code != 0:
            assert step is job["steps"][-1], (step["name"], done.stdout, done.stderr)
    return outputs, code


def checkout(origin: Path, folder: Path, sha: str) -> None:
    subprocess.run(["git", "clone", "-q", str(origin), str(folder)], check=True)
    git(folder, "checkout", "-q", "--detach", sha)


@pytest.fixture
def github(tmp_path) -> tuple[Path, Path]:
    """A `python` running this interpreter (never the pull request's code: `-P`), a `gh`
    over a state file, and the state: one comment of a person that quotes the mark."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    gh = bin_dir / "gh"
    gh.write_text(
        FAKE_GH.replace("PYTHON", sys.executable)
        .replace("REPO", REPO)
        .replace("NUMBER", NUMBER)
        .replace("SITE", SITE)
    )
    for script in (python, gh):
        script.chmod(0o755)
    person = {"id": 1, "user": {"login": "can-bo"}, "body": f"{REPORT_MARK} (chép lại)"}
    state = bin_dir / "github.json"
    state.write_text(json.dumps({"comments": [person], "statuses": [], "calls": []}))
    return bin_dir, state


def run_workflow(tmp_path, origin, bin_dir, branch, labels=()) -> tuple[dict, int, Path]:
    runs = sorted(tmp_path.glob("run-*"))
    workspace = tmp_path / f"run-{len(runs) + 1}"
    (workspace / "tmp").mkdir(parents=True)
    base = git(origin, "rev-parse", "main").strip()
    head = git(origin, "rev-parse", branch).strip()
    checkout(origin, workspace / "base", base)
    checkout(origin, workspace / "pr", head)
    event = {"base": base, "branch": branch, "labels": list(labels)}
    outputs, code = apply_job(workspace, bin_dir, event)
    return outputs, code, workspace


def test_the_workflow_applies_commits_reports_once_and_checks_its_commit(
    repo, tmp_path, github, monkeypatch
):
    bin_dir, state = github
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    # The upload: three sheets with hostile names, and code the branch changes, which
    # must never run with the write token.
    upload(repo)
    (repo / "generator").mkdir()
    (repo / "generator/__main__.py").write_text("open('PR-CODE-RAN', 'w')\nraise SystemExit(9)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add files via upload")
    branch = "bang-tinh-nam-nay"
    git(repo, "push", "-q", "origin", branch)
    uploaded = git(repo, "rev-parse", "HEAD").strip()

    outputs, code, workspace = run_workflow(tmp_path, origin, bin_dir, branch)
    assert code == 1  # the round's row 11 names no model: the check is red
    assert outputs["apply"]["status"] == "1" and outputs["commit"]["pushed"] == "true"
    assert not list(tmp_path.rglob("PR-CODE-RAN"))
    first = git(origin, "rev-parse", branch).strip()
    assert outputs["commit"]["sha"] == first
    assert git(origin, "log", "-1", "--format=%P%n%an%n%s", branch).splitlines() == [
        uploaded,
        "github-actions[bot]",
        "Ghi kết quả từ bảng tính trong bang-tinh/ vào các tệp mô hình",
    ]
    files = git(origin, "diff", "--name-only", uploaded, branch).splitlines()
    assert files and all(f.startswith("models/") for f in files)
    diff = git(origin, "diff", "--unified=0", uploaded, branch)
    assert not re.search(r"^-(?!--)", diff, re.M)  # lines added, none removed
    data = json.loads(state.read_text())
    bots = [c for c in data["comments"] if c["user"]["login"] == "github-actions[bot]"]
    assert len(bots) == 1 and data["comments"][0]["body"].endswith("(chép lại)")
    report = bots[0]["body"]
    assert report == (workspace / "tmp/bao-cao.md").read_text()
    assert "biểu dương \\$\\(touch pwned\\) \\'đợt 1\\' \\\"QĐ\\\"\\.xlsx" in report
    assert f"]({SITE}mo-hinh/" in report  # the site's address, from the Pages API
    assert "Mô hình chưa có" in report and "❌ Cần người xem lại" in report
    assert (workspace / "summary.md").read_text() == report

    # The check of the commit written: validated (check.yml's step, which runs the pull
    # request's own code with a read-only token: here the real one, not the planted
    # package), then its status.
    shutil.rmtree(workspace / "pr/generator")
    check = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())
    validate = next(s for s in check["jobs"]["check"]["steps"] if "validate" in s.get("run", ""))
    done = subprocess.run(
        ["bash", "-e", "-c", validate["run"]],
        cwd=workspace / "pr",
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    status_step = yaml.safe_load(WORKFLOW.read_text())["jobs"]["status"]["steps"][0]
    env = {"SHA": first, "SHEETS": outputs["apply"]["status"], "CHECK": "success"}
    done = subprocess.run(
        ["bash", "-e", "-c", status_step["run"]],
        env={
            **os.environ,
            **env,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_RUN_ID": "5",
        },  # fmt: skip
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (status,) = json.loads(state.read_text())["statuses"]
    assert (status["sha"], status["state"]) == (first, "failure")
    assert status["context"] == "Kiểm tra dữ liệu và tạo thử trang"

    # Staff fix the sheet and upload it again on the branch: applied again, the one
    # comment updated.
    git(repo, "pull", "-q", "origin", branch)
    book = openpyxl.load_workbook(repo / ROUND_NAME)
    book.active["A11"].value = book.active["C11"].value = None  # the unknown row, deleted
    book.save(repo / ROUND_NAME)
    git(repo, "commit", "-q", "-am", "Add files via upload")
    git(repo, "push", "-q", "origin", branch)
    fixed = git(repo, "rev-parse", "HEAD").strip()
    outputs, code, workspace = run_workflow(tmp_path, origin, bin_dir, branch)
    assert code == 0 and outputs["apply"]["status"] == "0", (
        workspace / "tmp/bao-cao.md"
    ).read_text()
    assert outputs["commit"]["pushed"] == "false"  # nothing new to write
    assert git(origin, "rev-parse", branch).strip() == fixed
    data = json.loads(state.read_text())
    bots = [c for c in data["comments"] if c["user"]["login"] == "github-actions[bot]"]
    assert len(bots) == 1 and "✅ Mọi dòng đã được ghi hoặc đã có sẵn." in bots[0]["body"]
    assert sum(call[1:3] == ["--method", "PATCH"] for call in data["calls"]) == 1


def test_the_workflow_grants_each_job_its_rights_and_leaves_forks_to_a_maintainer():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = data.pop(True)
    assert list(on) == ["pull_request"] and on["pull_request"]["paths"] == ["bang-tinh/**"]
    assert data["permissions"] == {}
    assert data["concurrency"]["cancel-in-progress"] is False
    jobs = data["jobs"]
    assert jobs["apply"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "pages": "read",
    }
    assert "head.repo.full_name == github.repository" in jobs["apply"]["if"]
    assert "'bang-tinh-ghi-de'" in jobs["apply"]["if"]  # the label of --replace
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert jobs["check"]["uses"] == "$/.github/workflows/check.yml"
    assert jobs["status"]["permissions"] == {"statuses": "write"}
    # The tool that writes is the base's, installed from base/; pr/ is data.
    steps = jobs["apply"]["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert [(s["with"]["path"], s["with"]["persist-credentials"]) for s in checkouts] == [
        ("base", False),
        ("pr", False),
    ]
    assert "base.sha" in checkouts[0]["with"]["ref"]
    assert any(
        s.get("run", "").endswith("install --disable-pip-version-check ./base") for s in steps
    )
    assert (
        "python -P -m generator sheets apply"
        in next(s for s in steps if s.get("id") == "apply")["run"]
    )
    # The label the workflow and the report name is the CLI's.
    from generator.cli import REPLACE_LABEL

    assert REPLACE_LABEL == "bang-tinh-ghi-de"
    forks = yaml.safe_load(FORKS.read_text(encoding="utf-8"))
    assert list(forks.pop(True)) == ["pull_request_target"]
    (job,) = forks["jobs"].values()
    assert job["permissions"] == {"pull-requests": "write"}
    assert "!= github.repository" in job["if"]
    assert not any("uses" in s for s in job["steps"])  # nothing of the fork checked out
    assert job["steps"][0]["env"]["BODY"].startswith(REPORT_MARK)


# -- the site offers the sheets -------------------------------------------------------


@pytest.mark.slow
def test_the_built_site_offers_the_sheets(sample_site, sample_catalog):
    year = 2026  # SOURCE_DATE_EPOCH of the sample's build: 1 January 2026
    for name in (f"bang-binh-xet-{year}", f"bang-binh-xet-{year - 1}", "mau-bieu-duong",
                 "mau-nhap-mo-hinh"):  # fmt: skip
        assert (sample_site / "du-lieu" / f"{name}.xlsx").is_file(), name
    book = openpyxl.load_workbook(sample_site / f"du-lieu/bang-binh-xet-{year}.xlsx")
    header = [c.value for c in book.active[3]]
    assert f"Kết quả bình xét năm {year}" in header
    assert "lập ngày 01/01/2026" in book.active["A1"].value
    assert book.properties.created == book.properties.modified == datetime(2026, 1, 1)
    data = (sample_site / "du-lieu/index.html").read_text(encoding="utf-8")
    guide = (sample_site / "huong-dan/dong-gop/index.html").read_text(encoding="utf-8")
    editor = (sample_site / "quan-tri/index.html").read_text(encoding="utf-8")
    assert f'href="bang-binh-xet-{year}.xlsx"' in data
    assert f'href="../../du-lieu/bang-binh-xet-{year}.xlsx"' in guide
    assert 'href="../../du-lieu/mau-bieu-duong.xlsx"' in guide
    assert 'id="bang-tinh-tren-github"' in guide
    assert f'href="../du-lieu/bang-binh-xet-{year - 1}.xlsx"' in editor
    assert 'href="../huong-dan/dong-gop/#bang-tinh-tren-github"' in editor
    # What `review sheet` saves for the year is the published file, but for its day.
    from generator.site.reviewsheet import contents

    published = openpyxl.load_workbook(sample_site / f"du-lieu/bang-binh-xet-{year - 1}.xlsx")
    rows = [r for r in published.active.iter_rows(min_row=4, values_only=True) if r[1]]
    listed = contents(sample_catalog, year - 1)[1]
    assert [r[1] for r in rows if isinstance(r[0], int)] == [row[3] for row in listed]


def test_a_filled_template_is_a_round_for_commend(tmp_path):
    """The blank list of a round, filled, is read by `commend` alone (no --date, --by)."""
    root = copy_sample(tmp_path)
    catalog = catalog_of(root)
    book = openpyxl.load_workbook(io.BytesIO(sheets(catalog, NOW)["du-lieu/mau-bieu-duong.xlsx"]))
    sheet = book.active
    sheet["B3"], sheet["B4"], sheet["B5"] = "215/QĐ-UBND", NOW.strftime("%d/%m/%Y"), "UBND"
    model = sorted(catalog.published, key=lambda m: m.slug)[0]
    sheet["B9"] = model.slug
    book.save(root / "dot.xlsx")
    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out):
        assert main(["commend", "dot.xlsx"]) == 0, out.getvalue()
    assert f"Đã thêm biểu dương (215/QĐ-UBND, ngày {NOW:%d/%m/%Y}, UBND) cho 1 mô hình" in (
        out.getvalue()
    )
    err = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        assert main(["commend", "dot.xlsx", "--date", "01/01/2026"]) == 2
