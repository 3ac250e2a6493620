"""The strict YAML reader: every kind of bad input gets its exact message and position."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.yamlstrict import MAX_FILE_BYTES, load_yaml_file, parse_yaml_text


def problems_of(text: str) -> list[str]:
    _, problems = parse_yaml_text(text, Path("x.yaml"), "x.yaml")
    return [str(problem) for problem in problems]


def test_values_follow_the_core_schema_and_keep_positions():
    doc, problems = parse_yaml_text(
        "id: a\ndate: 2019-08-01\ncountry: no\nyear: 2015\nratio: 1.5\nempty:\nquoted: '3'\nlist:\n  - x\n  - y: 1\n",
        Path("x.yaml"),
        "x.yaml",
    )
    assert problems == []
    assert doc.data == {
        "id": "a",
        "date": "2019-08-01",  # not a datetime: EDTF parses it later
        "country": "no",  # not False (YAML 1.1's "Norway problem")
        "year": 2015,
        "ratio": 1.5,
        "empty": None,
        "quoted": "3",
        "list": ["x", {"y": 1}],
    }
    assert doc.position(("date",)).line == 2 and doc.position(("date",)).column == 7
    assert doc.position(("list", 1, "y")).line == 10 and doc.position(("list", 1, "y")).column == 8
    assert doc.position(("list", 1, "y")).key_column == 5
    # A path that was never written resolves to its nearest written ancestor.
    assert doc.position(("list", 1, "missing")).line == 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\nid: y\n", ["x.yaml:2:1: duplicate key 'id' (first given at line 1); keep one of them"]),
        (
            "a: !!python/object:os.system x\n",
            ["x.yaml:1:4: tags (!!python/object:os.system) are not allowed; remove the tag and write a plain value"],
        ),
        ("a: !custom x\n", ["x.yaml:1:4: tags (!custom) are not allowed; remove the tag and write a plain value"]),
        (
            "a: &anchor 1\nb: *anchor\n",
            [
                "x.yaml:1:4: anchors (&anchor) are not allowed; write the value out in full",
                "x.yaml:2:4: aliases (*anchor) are not allowed; write the value out in full",
            ],
        ),
        ("<<: {a: 1}\n", ["x.yaml:1:1: merge keys (<<) are not allowed; write the fields out in full"]),
        ("", ["x.yaml:1:1: the file is empty; a record is a mapping of fields, starting with 'id: …'"]),
        ("# only a comment\n", ["x.yaml:1:1: the file is empty; a record is a mapping of fields, starting with 'id: …'"]),
        (
            "- a\n- b\n",
            ["x.yaml:1:1: expected a mapping of fields ('key: value' lines) at the top level, found a list"],
        ),
        (
            "just text\n",
            ["x.yaml:1:1: expected a mapping of fields ('key: value' lines) at the top level, found text"],
        ),
        (
            "a: 1\n---\nb: 2\n",
            [
                "x.yaml:2:1: a file holds one record, but a second YAML document ('---') starts here;"
                " move it to a file of its own"
            ],
        ),
        ("a:\n\t- b\n", ["x.yaml:2:1: YAML syntax error: a tab character here; YAML is indented with spaces, not tabs"]),
        (
            "title: Syria: the war\n",
            [
                "x.yaml:1:13: YAML syntax error: mapping values are not allowed in this context;"
                " check the indentation and quoting here"
            ],
        ),
        ("? [a, b]\n: c\n", ["x.yaml:1:3: a key must be plain text, not a mapping or a list"]),
        (
            "a: " + "[" * 40 + "\n",
            ["x.yaml:1:35: nested deeper than 32 levels; records need only a few levels of nesting"],
        ),
    ],
)
def test_bad_yaml_has_an_exact_message(text: str, expected: list[str]):
    assert problems_of(text) == expected


def test_deep_nesting_fails_fast_instead_of_crashing_libyaml():
    assert problems_of("a: " + "[" * 100_000) == [
        "x.yaml:1:35: nested deeper than 32 levels; records need only a few levels of nesting"
    ]


def test_file_level_limits(tmp_path: Path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfid: x\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: x\ntitle: caf\xe9\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(bom)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    results = {path.name: [str(p) for p in load_yaml_file(path, path.name)[1]] for path in (bom, latin, big, link, folder)}
    assert results == {
        "bom.yaml": ["bom.yaml:1:1: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"],
        "latin.yaml": ["latin.yaml:2:11: byte 0xe9 is not valid UTF-8; save the file as UTF-8"],
        "big.yaml": [
            f"big.yaml:1:1: the file is {MAX_FILE_BYTES + 4:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes;"
            " split it or shorten it"
        ],
        "link.yaml": ["link.yaml:1:1: symbolic links are not allowed; replace the link by the file itself"],
        "folder.yaml": ["folder.yaml:1:1: not a regular file; only regular files are allowed here"],
    }
