"""The editors' workflow: annotations, scaffolds, the quote checker, schemas, pre-commit and CI workflows."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from conftest import BRIDGE, FIXTURES, ROOT, SYRIA
from explainer.cli import github_annotation, main
from explainer.errors import Problem
from explainer.scaffold import slug
from explainer.schema import SCHEMA_KINDS, json_schema, kind_of, modeline, stale_schemas, topic_vocabulary
from explainer.yamlstrict import load_yaml_file, parse_yaml_text

TEMPLATES = str(ROOT / "templates")


# --- check --format github ---------------------------------------------------------------


def test_check_prints_github_annotations(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    (mini / "places" / "hillcrest.yaml").write_text("id: hillcrest\nname: Hillcrest\nkind: hamlet\n")
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        "::error file=site_data/places/hillcrest.yaml,line=3,col=7::'kind' must be one of 'country', 'province',"
        " 'region', 'city', 'town', 'district', 'village', 'airbase', 'road' or 'other'; got 'hamlet' (the kinds"
        " site.yaml declares: vocabulary.place_kinds; add it there if the topic needs it)\n"
    )


def test_annotations_escape_what_github_reads_as_syntax():
    problem = Problem("site_data/a,b:c.yaml", 3, 4, "100% wrong\nsecond line, with: colons")
    assert github_annotation(problem) == (
        "::error file=site_data/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong%0Asecond line, with: colons"
    )


# --- explainer new -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Türkiye's army takes Ma'arrat al-Nu'man", "turkiyes-army-takes-maarrat-al-numan"),
        ("  Ceasefire of 12 January 2020! ", "ceasefire-of-12-january-2020"),
        ("Shayrat", "shayrat"),
    ],
)
def test_ids_are_made_from_titles(title, expected):
    assert slug(title) == expected


def test_a_new_event_lists_its_placeholders_until_filled(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    assert main(["new", "event", "Northern Guard leaves Riverton", "--templates", TEMPLATES]) == 0
    assert capsys.readouterr().out == "wrote site_data/events/northern-guard-leaves-riverton.yaml\n"
    path = mini / "events" / "northern-guard-leaves-riverton.yaml"
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schemas/event.schema.json"
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "site_data/events/northern-guard-leaves-riverton.yaml:6:7: 'date' still holds a placeholder: replace \"FILL IN:"
        " when, in EDTF, as precise as the source: 2019-08-24, 2019-08, 2019, 2019-08-24/2019-08-25 or 2019-08-24~\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:7:11: 'category' still holds a placeholder: replace"
        " \"FILL IN: the id of a category (a file in site_data/categories/)\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:9:5: 'places[0]' still holds a placeholder: replace"
        " \"FILL IN: the id of a place (a file in site_data/places/); remove the list if none\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:11:5: 'actors[0]' still holds a placeholder: replace"
        " \"FILL IN: the id of an actor (a file in site_data/actors/); remove the list if none\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:12:10: 'summary' still holds a placeholder: replace"
        " \"FILL IN: what happened, in one to three neutral sentences in the site's own voice; loaded words only in"
        " quotation marks, attributed.\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:16:13: 'claims[0].source' still holds a placeholder:"
        " replace \"FILL IN: the id of the source (a file in site_data/sources/)\"",
        "site_data/events/northern-guard-leaves-riverton.yaml:17:12: 'claims[0].quote' still holds a placeholder:"
        " replace \"FILL IN: the source's exact words, copied from its archived text\"",
    ]


FILLED = {
    "event": {
        "date": "2020-03-07",
        "category": "fighting",
        "places[0]": "riverton",
        "actors[0]": "northern-guard",
        "summary": "The Northern Guard took Riverton.",
        "claims[0].source": "gazette-2020-03-07",
        "claims[0].quote": "The Northern Guard on Saturday took control of Riverton",
    },
    "actor": {
        "kind": "person",
        "camp": "guard",
        "aliases[0].name": "Commander Ana Ruiz",
        "aliases[0].source": "gazette-2020-03-07",
        "description": "A commander.",
        "claims[0].source": "gazette-2020-03-07",
        "claims[0].quote": "said Commander Ana Ruiz",
    },
    "place": {
        "kind": "town",
        "within": "hill-province",
        "aliases[0]": "Rivertown",
        "description": "A town in the valley.",
        "claims[0].source": "herald-2020-03-10",
        "claims[0].quote": "Riverton, the second largest town in the valley",
    },
    "source": {
        "publisher": "The Herald",
        "url": "https://herald.example.org/another",
        "published": "2020-03-11",
    },
    "agreement": {
        "kind": "memorandum",
        "date": "2017-05",
        "parties[0]": "valley-front",
        "summary": "An accord.",
        "claims[0].source": "gazette-2020-03-07",
        "claims[0].quote": "The Riverton accord of May 4-5, 2017",
    },
    "dispute": {
        "places[0]": "riverton",
        "positions[0].statement": "Largest",
        "positions[0].claims[0].source": "gazette-2020-03-07",
        "positions[0].claims[0].quote": "the largest town in the valley",
        "positions[1].statement": "Second largest",
        "positions[1].claims[0].source": "herald-2020-03-10",
        "positions[1].claims[0].quote": "the second largest town in the valley",
    },
    "camp": {"description": "Observers."},
    "category": {"description": "Other events."},
}


def _fill(path: Path, values: dict[str, str]) -> None:
    """Replace each placeholder line by its value, found by the position check reports for it."""
    doc, _ = load_yaml_file(path, path.name)
    lines = path.read_text().split("\n")

    def key_of(loc: tuple) -> str:
        out = ""
        for part in loc:
            out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
        return out

    def walk(value, loc=()):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, loc + (index,))
        elif isinstance(value, str) and "FILL IN" in value:
            yield loc

    for loc in sorted(walk(doc.data), key=lambda loc: -doc.position(loc).line):
        position = doc.position(loc)
        start = position.line - 1
        end = start + 1
        indent = len(lines[start]) - len(lines[start].lstrip(" -"))
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
            end += 1  # a folded scalar's continuation lines
        lines[start:end] = [lines[start][: position.column - 1] + json.dumps(values[key_of(loc)])]
    path.write_text("\n".join(lines))


@pytest.mark.parametrize("kind", list(FILLED))
def test_a_scaffold_passes_check_once_its_placeholders_are_filled(mini: Path, capsys, monkeypatch, kind: str):
    monkeypatch.chdir(mini.parent)
    title = {"source": "The Herald again", "dispute": "Riverton's rank"}.get(kind, f"A new {kind}")
    assert main(["new", kind, title, "--templates", TEMPLATES]) == 0
    written = [Path(line.removeprefix("wrote ")) for line in capsys.readouterr().out.splitlines()]
    _fill(written[0], FILLED[kind])
    if kind == "source":
        assert written[1].name == "the-herald-again.txt"
        assert main(["check"]) == 1
        assert "site_data/sources/the-herald-again.txt:1:1: the archived text is still a placeholder" in capsys.readouterr().out
        written[1].write_text("The Herald, another day.\n")
    assert main(["check"]) == 0, capsys.readouterr().out
    # It validates against its JSON Schema too.
    doc, _ = load_yaml_file(written[0], written[0].name)
    jsonschema.validate(doc.data, json_schema(SCHEMA_KINDS[kind]))


def test_new_refuses_to_overwrite(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    assert main(["new", "place", "Riverton", "--templates", TEMPLATES]) == 1
    assert capsys.readouterr().err == (
        "error: site_data/places/riverton.yaml already exists; edit it, or choose a title that gives another id\n"
    )


# --- explainer quote -----------------------------------------------------------------------


def test_quote_says_verbatim_or_shows_the_closest_passage(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    assert main(["quote", "herald-2020-03-10", "the Valley   Front recaptured\npart of Hillcrest"]) == 0
    assert capsys.readouterr().out == "verbatim: found in site_data/sources/herald-2020-03-10.txt at line 4\n"
    assert main(["quote", "herald-2020-03-10", "the Valley Front retook part of Hillcrest"]) == 1
    assert capsys.readouterr().out == (
        "not verbatim\nclosest passage, line 4: the Valley Front recaptured part of Hillcrest\n"
    )
    assert main(["quote", "gazette-2020-03-07", 'created two "calm zones"']) == 1
    assert capsys.readouterr().out == (
        "not verbatim: it differs only in quotation marks, apostrophes or dashes; copy those characters from the"
        " archived text (it may use ’ “ ” or –)\nclosest passage, line 11: created two “calm zones”:\n"
    )
    assert main(["quote", "nope", "x"]) == 1
    assert capsys.readouterr().err == (
        "error: no source 'nope' in site_data/sources; known: gazette-2020-03-07, herald-2020-03-10\n"
    )


# --- schemas --------------------------------------------------------------------------------


#: The data folders that carry their schemas: the repository's topic and the fixture topics like it.
WITH_SCHEMAS = {"site_data": ROOT / "site_data", "syria": SYRIA / "site_data", "bridge": BRIDGE / "site_data"}


@pytest.mark.parametrize("name", sorted(WITH_SCHEMAS))
def test_the_committed_schemas_match_the_model(name: str):
    assert stale_schemas(WITH_SCHEMAS[name]) == [], f"run: explainer schema --data {WITH_SCHEMAS[name].relative_to(ROOT)}"


def test_schemas_describe_every_field_and_give_examples():
    event = json_schema(SCHEMA_KINDS["event"])
    for name, field in event["properties"].items():
        assert field.get("description"), name
    assert event["properties"]["date"]["examples"] == [
        "2017-04-07", "2019-08", "2015", "2017-05-04/2017-05-05", "2020-01-28~", "2019-04/..", "2019-04/", "196X", "2019-XX",
    ]
    assert event["additionalProperties"] is False


@pytest.mark.parametrize("name", [*sorted(WITH_SCHEMAS), "mini"])
def test_every_record_file_is_tied_to_its_schema_and_validates(name: str):
    root = WITH_SCHEMAS[name] if name in WITH_SCHEMAS else FIXTURES / name
    vocabulary = topic_vocabulary(root)  # the topic's own kinds of actor, place, agreement and relation
    checked = 0
    for path in sorted(root.rglob("*.yaml")):
        kind = kind_of(path, root)
        assert kind is not None, path
        text = path.read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == modeline(kind), path
        schema_path = (path.parent / modeline(kind).split("$schema=")[1]).resolve()
        assert schema_path == (root / "schemas" / f"{kind}.schema.json").resolve() or root.name == "mini"
        doc, problems = parse_yaml_text(text, path, path.name)
        assert problems == []
        jsonschema.validate(doc.data, json_schema(SCHEMA_KINDS[kind], vocabulary))
        checked += 1
    assert checked >= 8


def test_a_schema_catches_what_the_model_refuses():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "title": "t", "date": "2019", "category": "c", "summary": "s", "claims": [], "titel": "y"}, json_schema(SCHEMA_KINDS["event"]))


# --- pre-commit, CI, lock --------------------------------------------------------------------


def _yaml(path: Path):
    doc, problems = load_yaml_file(path, str(path))
    assert problems == []
    return doc.data


def test_pre_commit_runs_check():
    config = _yaml(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    # The facts (site_data/ and content/ as a whole), then the code (ruff on the files changed, mypy on the package).
    assert [(h["id"], h["entry"], h["language"], h.get("pass_filenames", True)) for h in hooks] == [
        ("explainer-check", "explainer check", "system", False),
        ("ruff", "ruff check", "system", True),
        ("mypy", "mypy", "system", False),
    ]


PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _uses(workflow) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def _runs(workflow) -> str:
    return "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", []))


def test_the_pull_request_workflow():
    path = ROOT / ".github" / "workflows" / "pull-request.yml"
    workflow = _yaml(path)
    assert workflow["on"] == {"pull_request": None}
    code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert "pull_request_target" not in code and "secrets." not in code
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job or set(job["permissions"].values()) <= {"read", "none"}
    runs = _runs(workflow)
    for command in ("scripts/install-test-deps", ".venv/bin/explainer check --format github", ".venv/bin/mkdocs build --strict", ".venv/bin/python -m pytest"):
        assert command in runs
    assert not re.search(r"mkdocs build[^\n]*(\s-q\b|--quiet)", runs), "never --strict with -q (mkdocs#4126)"
    uses = _uses(workflow)
    assert all(PINNED.match(action) for action in uses), uses
    assert any(action.startswith("actions/upload-artifact@") for action in uses)
    checkout = [s for j in workflow["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and all(s["with"]["persist-credentials"] is False for s in checkout)


def test_the_publish_workflow():
    workflow = _yaml(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses = _uses(workflow)
    assert all(PINNED.match(action) for action in uses), uses
    assert [action.split("@")[0] for action in uses] == [
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    runs = _runs(workflow)
    assert "scripts/install-deps" in runs and ".venv/bin/mkdocs build --strict" in runs


def _names(specs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\s\[;]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def _pins(lock: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Each package a lock pins: its version and its hashes."""
    pins = {}
    for name, version in re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", lock, re.M):
        block = lock.split(f"\n{name}==", 1)[1].split("\n\n", 1)[0]
        hashes = re.findall(r"^ +--hash=(sha256:[0-9a-f]{64})", block.split("\n    #", 1)[0], re.M)
        assert hashes, f"{name} is pinned without a hash"
        pins[name] = (version, frozenset(hashes))
    return pins


def test_the_lock_pins_every_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = _pins((ROOT / ".ci" / "requirements.txt").read_text())
    wanted = _names(project["dependencies"] + project["optional-dependencies"]["test"])
    assert wanted <= set(pinned), wanted - set(pinned)
    assert "scripts/install-test-deps" in (ROOT / ".ci" / "run").read_text()
    # The tests' installer gives the one installer the tests' lock, which it installs with every hash checked.
    assert "\nscripts/install-deps .ci/requirements.txt\n" in (ROOT / "scripts" / "install-test-deps").read_text()
    assert '--require-hashes -r "$lock"' in (ROOT / "scripts" / "install-deps").read_text()


def test_the_build_installs_the_tests_pins_and_no_more():
    """README's first command builds with the very versions the suite tests (``.ci/requirements-build.txt``, the
    build's share of ``.ci/requirements.txt``), not with whatever is newest on the day it runs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = _pins((ROOT / ".ci" / "requirements-build.txt").read_text())
    tests = _pins((ROOT / ".ci" / "requirements.txt").read_text())
    assert _names(project["dependencies"]) <= set(build), _names(project["dependencies"]) - set(build)
    differ = sorted(name for name in build if tests.get(name) != build[name])
    assert differ == [], f"pinned otherwise than in .ci/requirements.txt: {differ}"
    # None of the tests' own tools: the build's share is smaller.
    assert not _names(project["optional-dependencies"]["test"]) & set(build)
    script = (ROOT / "scripts" / "install-deps").read_text()
    assert 'lock="${1:-.ci/requirements-build.txt}"' in script and '--require-hashes -r "$lock"' in script
    assert "--no-deps --no-build-isolation -e ." in script
    assert "scripts/install-deps && .venv/bin/mkdocs build --strict" in (ROOT / "README.md").read_text()

