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


def test_a_refused_edit_leaves_the_text_as_it_was(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: X\ntags: [a, b]\n---\n", encoding="utf-8")
    edit = Edit(path)
    with pytest.raises(EditError):
        edit.append(["tags"], {"label": "x"})  # a mapping into a one-line list
    assert not edit.changed
    edit.append(["tags"], "c")  # and the next edit still works
    assert edit.text == "---\ntitle: X\ntags: [a, b, c]\n---\n"


def test_dates_as_text_or_as_dates_and_a_bom(tmp_path):
    path = tmp_path / "m.md"
    path.write_bytes("\ufeff---\ntitle: X\nregistered: 2023-02-30\n---\nBody\n".encode())
    edit = Edit(path)  # an impossible date is the validator's to report, not a crash
    edit.set(["ended"], "2025-06-30", after=["registered"])
    edit.set(["showcase"], datetime.date(2024, 1, 2), after=["registered"])
    edit.save()
    assert path.read_bytes().decode() == (
        "\ufeff---\ntitle: X\nregistered: 2023-02-30\nshowcase: 2024-01-02\n"
        "ended: 2025-06-30\n---\nBody\n"
    )


@pytest.mark.parametrize(
    ("name", "text", "keys"),
    [
        ("m.md", "---\n---\nBody\n", ["reviews", 2021]),  # empty front matter
        ("_units.yml", "# only a comment\n", []),  # an empty registry
        ("m.md", "---\ntitle: X\n---\n", ["title", "x"]),  # not a mapping
    ],
)
def test_what_it_cannot_do_is_a_message(tmp_path, name, text, keys):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    edit = Edit(path)
    with pytest.raises(EditError):
        if keys:
            edit.set(keys, "recognized")
        else:
            edit.append(keys, {"id": "a"})
    assert not edit.changed


def test_edits_made_together_all_stay_or_none(tmp_path):
    path = tmp_path / "_units.yml"
    text = "- id: a  # c\n  locality: Phường Sông Cầu\n  history: [x]\n"
    path.write_text(text, encoding="utf-8")
    edit = Edit(path)
    with pytest.raises(EditError), edit.together():
        edit.set([0, "locality"], "Phường Bắc Kạn")
        # A mapping cannot go into a list written on one line: refused, and so is the first edit.
        edit.append([0, "history"], {"until": datetime.date(2025, 6, 30), "locality": "Cũ"})
    assert edit.text == text and not edit.changed
    # A refused edit on its own leaves the text as it was too, and the file stays usable.
    with pytest.raises(EditError):
        edit.set([0, "history"], "y")
    assert edit.text == text
    edit.set([0, "locality"], "Phường Bắc Kạn")
    edit.set([0, "locality_code"], "01843", after=["locality"])
    assert edit.save()
    assert path.read_text(encoding="utf-8") == (
        "- id: a  # c\n  locality: Phường Bắc Kạn\n  locality_code: '01843'\n  history: [x]\n"
    )


def test_items_of_a_registry_are_edited_on_their_own_text(tmp_path):
    path = tmp_path / "_units.yml"
    text = (
        "# c\n- id: a\n  locality: X  # old\n\n# between\n- {id: b, locality: X}\n"
        "- id: c\n  history:\n    - until: 2019-12-31\n      name: C1\n"
    )
    path.write_text(text, encoding="utf-8")
    edit = Edit(path)
    with edit.items() as items:
        assert [item.data for item in items] == [
            [{"id": "a", "locality": "X"}],
            [{"id": "b", "locality": "X"}],
            [{"id": "c", "history": [{"until": "2019-12-31", "name": "C1"}]}],
        ]
        items[0].set([0, "locality"], "Y")
        items[1].set([0, "locality"], "Y")
        items[2].append([0, "history"], {"until": datetime.date(2025, 6, 30), "locality": "X"})
    assert edit.text == (
        "# c\n- id: a\n  locality: Y  # old\n\n# between\n- {id: b, locality: Y}\n"
        "- id: c\n  history:\n    - until: 2019-12-31\n      name: C1\n"
        "    - until: 2025-06-30\n      locality: X\n"
    )
    assert edit.data[2]["history"][1] == {"until": "2025-06-30", "locality": "X"}
    with pytest.raises(EditError), Edit(tmp_path / "_units.yml", "a: 1\n").items():
        pass  # not a list


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # years quoted, as the browser editor writes them
            'reviews:\n  "2023": recognized\n  "2024": recognized\n',
            'reviews:\n  "2023": recognized\n  "2024": recognized\n  "2025": not-recognized\n',
        ),
        (
            "reviews:\n  '2024': recognized\n",
            "reviews:\n  '2024': recognized\n  '2025': not-recognized\n",
        ),
        (  # values quoted too
            'reviews:\n  "2024": "recognized"\n',
            'reviews:\n  "2024": "recognized"\n  "2025": "not-recognized"\n',
        ),
        (  # quoted and not: as needed
            'reviews:\n  "2023": recognized\n  2024: recognized\n',
            'reviews:\n  "2023": recognized\n  2024: recognized\n  2025: not-recognized\n',
        ),
        (  # on one line, quoted
            'reviews: {"2024": recognized}\n',
            'reviews: {"2024": recognized, "2025": not-recognized}\n',
        ),
        (  # an earlier year goes where it belongs, quoted or not
            'reviews:\n  "2022": recognized\n  "2026": recognized\n',
            'reviews:\n  "2022": recognized\n  "2025": not-recognized\n  "2026": recognized\n',
        ),
    ],
)
def test_a_new_year_is_written_as_the_others_are(tmp_path, loader, before, after):
    path = tmp_path / "m.md"
    path.write_text(f"---\ntitle: X\n{before}---\n", encoding="utf-8")
    edit = Edit(path)
    edit.set(["reviews", 2025], "not-recognized", after=[2022, 2023, 2024, "registered"])
    assert edit.text == f"---\ntitle: X\n{after}---\n"


def test_a_year_quoted_is_that_year(tmp_path):
    path = tmp_path / "m.md"
    path.write_text('---\nreviews:\n  "2024": recognized\n---\n', encoding="utf-8")
    edit = Edit(path)
    edit.set(["reviews", 2024], "recognized")
    assert not edit.changed
    edit.set(["reviews", 2024], "not-recognized")  # replaced where it is, not added again
    assert edit.text == '---\nreviews:\n  "2024": not-recognized\n---\n'


ROUND = {"date": datetime.date(2025, 11, 20), "by": "UBND TP", "decision": "215/QĐ-UBND"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # a list of mappings on one line stays on one line
            "commendations: [{date: 2024-05-01, by: Ban Dân vận}]\n",
            "commendations: [{date: 2024-05-01, by: Ban Dân vận}, "
            "{date: 2025-11-20, by: UBND TP, decision: 215/QĐ-UBND}]\n",
        ),
        (  # each item on one line
            "commendations:\n  - {date: 2024-05-01, by: Ban Dân vận}\ntags: [a]\n",
            "commendations:\n  - {date: 2024-05-01, by: Ban Dân vận}\n"
            "  - {date: 2025-11-20, by: UBND TP, decision: 215/QĐ-UBND}\ntags: [a]\n",
        ),
        (  # each key on its line
            "commendations:\n- date: 2024-05-01\n  by: Ban Dân vận\n",
            "commendations:\n- date: 2024-05-01\n  by: Ban Dân vận\n"
            "- date: 2025-11-20\n  by: UBND TP\n  decision: 215/QĐ-UBND\n",
        ),
    ],
)
def test_a_new_item_is_written_as_the_others_are(tmp_path, loader, before, after):
    path = tmp_path / "m.md"
    path.write_text(f"---\ntitle: X\n{before}---\n", encoding="utf-8")
    edit = Edit(path)
    edit.append(["commendations"], ROUND)
    assert edit.text == f"---\ntitle: X\n{after}---\n"
