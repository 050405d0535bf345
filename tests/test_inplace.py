"""In-place edits of model files and the registry: only the asked-for lines change."""

from __future__ import annotations

import datetime

import pytest
import yaml

from generator.authoring import inplace
from generator.authoring.inplace import Edit, EditError

CASES = [
    (  # a comment and a flow list stay; the new mapping goes after "registered"
        "a.md",
        "---\ntitle: X  # c\nregistered: 2020-01-01\n# note\ntags: [a]\n---\n\nBody\n",
        "---\ntitle: X  # c\nregistered: 2020-01-01\nreviews:\n  2021: not-recognized\n"
        "# note\ntags: [a, mới]\n---\n\nBody\n",
    ),
    (  # Windows line endings; an empty "reviews:" is filled where it stands
        "b.md",
        "---\r\ntitle: X\r\nreviews:\r\nregistered: 2020-01-01\r\n---\r\n\r\nBody\r\n",
        "---\r\ntitle: X\r\nreviews:\r\n  2021: not-recognized\r\ntags: [mới]\r\n"
        "registered: 2020-01-01\r\n---\r\n\r\nBody\r\n",
    ),
    (  # a flow mapping grows inside its braces
        "c.md",
        "---\ntitle: X\nreviews: {2020: recognized}\n---\n",
        "---\ntitle: X\nreviews: {2020: recognized, 2021: not-recognized}\ntags: [mới]\n---\n",
    ),
    (  # a .yml model: the body block stays last and whole
        "d.yml",
        "title: X\nreviews:\n  2020: recognized\nbody: |\n  ## A\n\n  text\n\n",
        "title: X\nreviews:\n  2020: recognized\n  2021: not-recognized\ntags: [mới]\n"
        "body: |\n  ## A\n\n  text\n\n",
    ),
]


@pytest.fixture(params=["libyaml", "python"])
def loader(request, monkeypatch):
    """Edits read with libyaml where it is installed, else PyYAML's own parser: the same
    places either way (both count characters)."""
    if request.param == "python":
        monkeypatch.setattr(inplace, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")


@pytest.mark.parametrize(("name", "before", "after"), CASES)
def test_edits_change_only_their_lines(tmp_path, loader, name, before, after):
    path = tmp_path / name
    path.write_bytes(before.encode())
    edit = Edit(path)
    edit.set(["reviews", 2021], "not-recognized", after=["registered"])
    edit.append(["tags"], "mới", after=["reviews"])
    assert edit.save()
    assert path.read_bytes().decode() == after
    again = Edit(path)
    again.set(["reviews", 2021], "not-recognized", after=["registered"])
    assert not again.changed  # the same edit twice changes nothing


def test_registry_unit_gets_new_place_and_history(tmp_path):
    path = tmp_path / "_units.yml"
    path.write_text(
        "# c\n- id: a\n  name: A\n  locality: Phường Sông Cầu # old\n\n- id: b\n  name: B\n",
        encoding="utf-8",
    )
    edit = Edit(path)
    edit.set([0, "locality"], "Phường Bắc Kạn")
    edit.set([0, "locality_code"], "01234", after=["locality"])
    edit.append(
        [0, "history"], {"until": datetime.date(2025, 6, 30), "locality": "Phường Sông Cầu"}
    )
    edit.save()
    assert path.read_text(encoding="utf-8") == (
        "# c\n- id: a\n  name: A\n  locality: Phường Bắc Kạn # old\n  locality_code: '01234'\n"
        "  history:\n    - until: 2025-06-30\n      locality: Phường Sông Cầu\n\n"
        "- id: b\n  name: B\n"
    )


def test_a_value_it_cannot_change_safely_is_refused(tmp_path):
    path = tmp_path / "m.md"
    text = "---\ntitle: X\nreviews: [2020]\n---\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError):
        Edit(path).set(["reviews", 2021], "recognized")
    assert path.read_text(encoding="utf-8") == text
