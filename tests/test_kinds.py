"""Each kind of record is declared once (explainer.kinds): everything else follows it, and nothing drifts from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT
from explainer import contexts
from explainer.cli import main
from explainer.contentfiles import RESERVED_NAMES
from explainer.dataset import Dataset
from explainer.errors import DataError
from explainer.generate import generate_site
from explainer.kinds import (
    KINDS_BY_FOLDER,
    KINDS_BY_SCHEME,
    RECORD_FOLDERS,
    RECORD_KINDS,
    REFERENCES,
    IndexSection,
    OwnPage,
    RecordKind,
    TimelineSection,
    inner_model,
)
from explainer.links import SCHEMES, find_record_links
from explainer.loader import load_dataset
from explainer.markup import ALLOWED_CLASSES
from explainer.render import Renderer
from explainer.routes import INDEX_PAGES, event_permalink, record_location, top_level_names
from explainer.schema import SCHEMA_KINDS, kind_of, modeline, schema_file, write_schemas

TEMPLATES = ROOT / "templates"
KINDS = [pytest.param(kind, id=kind.name) for kind in RECORD_KINDS]


def test_each_kind_has_one_name_one_folder_and_one_class():
    assert len({kind.name for kind in RECORD_KINDS}) == len(RECORD_KINDS)
    assert len({kind.folder for kind in RECORD_KINDS}) == len(RECORD_KINDS)
    assert len({kind.model for kind in RECORD_KINDS}) == len(RECORD_KINDS)
    assert {kind.folder: kind.model for kind in RECORD_KINDS} == RECORD_FOLDERS
    assert list(KINDS_BY_FOLDER.values()) == list(RECORD_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_json_schema_in_the_generated_schemas(tmp_path: Path, kind: RecordKind[Any]):
    data = tmp_path / "site_data"
    written = {path.name for path in write_schemas(data)}
    assert schema_file(kind.name) in written
    assert SCHEMA_KINDS[kind.name] is kind.model
    # A file in the kind's folder is tied to that schema.
    assert kind_of(data / kind.folder / "some-record.yaml", data) == kind.name
    assert modeline(kind.name) == f"# yaml-language-server: $schema=../schemas/{kind.name}.schema.json"


@pytest.mark.parametrize("kind", KINDS)
def test_explainer_new_writes_a_record_of_each_kind(mini: Path, capsys, monkeypatch, kind: RecordKind[Any]):
    monkeypatch.chdir(mini.parent)
    assert main(["new", kind.name, "Brand new record", "--templates", str(TEMPLATES)]) == 0
    path = mini / kind.folder / "brand-new-record.yaml"
    assert capsys.readouterr().out.splitlines()[0] == f"wrote site_data/{kind.folder}/brand-new-record.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == modeline(kind.name)
    # The skeleton has the kind's fields: check finds nothing wrong in it but the values left to fill in.
    assert main(["check"]) == 1
    found = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"site_data/{kind.folder}/brand-new-record.")]
    assert found
    assert all("still holds a placeholder" in line or "is still a placeholder" in line for line in found), found


@pytest.fixture(scope="module")
def mini_site() -> tuple[Dataset, Any, list[str]]:
    renderer = Renderer(TEMPLATES)
    templates: list[str] = []
    renderer.on_render = lambda template, context: templates.append(template)
    output = generate_site(FIXTURES / "mini", TEMPLATES, renderer=renderer)
    return load_dataset(FIXTURES / "mini"), output, templates


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_shown_where_it_declares(mini_site, kind: RecordKind[Any]):
    data, output, templates = mini_site
    pages = {page.src: page for page in output.pages}
    files = {generated.path for generated in output.files}
    records = data.records(kind)
    assert records, f"the mini fixture has no {kind.name}: the test would prove nothing"
    page_of = {event_id: src.partition("#")[0] for (scheme, event_id), src in output.record_pages.items() if scheme == "event"}
    if isinstance(kind.page, OwnPage):
        assert (TEMPLATES / "pages" / kind.page.template).is_file()
        assert kind.page.template in contexts.TEMPLATES
        assert kind.page.template in templates
        for record_id in records:
            assert record_location(kind, record_id, page_of) == f"{kind.folder}/{record_id}.md"
            assert f"{kind.folder}/{record_id}.md" in pages
    elif isinstance(kind.page, (TimelineSection, IndexSection)):
        for record_id in records:
            src, _, anchor = record_location(kind, record_id, page_of).partition("#")
            assert anchor == record_id
            assert record_id in pages[src].anchors
            if isinstance(kind.page, TimelineSection):
                assert event_permalink(record_id) in files
            else:
                assert src == INDEX_PAGES[kind.page.index]
    else:
        assert kind.page is None
        assert kind.scheme is None, "a record that editors link needs somewhere to be shown"


@pytest.mark.parametrize("kind", [pytest.param(kind, id=kind.name) for kind in KINDS_BY_SCHEME.values()])
def test_each_linked_kind_has_its_scheme_its_class_and_its_pages(mini_site, kind: RecordKind[Any]):
    data, output, _ = mini_site
    assert kind.scheme in SCHEMES
    assert f"ex-ref-{kind.scheme}" in ALLOWED_CLASSES["a"]
    (link,) = find_record_links(f"See [it]({kind.scheme}:some-id).")
    assert (link.kind, link.record_id) == (kind, "some-id")
    for record_id in data.records(kind):
        assert (kind.scheme, record_id) in output.record_pages


def test_every_reference_field_is_declared_on_the_model():
    """A field whose value is the id of another record says so (RefersTo); only a record's own id, and a zone's id
    within its agreement, are ids that refer to nothing."""
    found = set()
    pending = [kind.model for kind in RECORD_KINDS]
    seen: set[type] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            if name != "id" and (info.description or "").startswith(("Id of", "Ids of")):
                found.add((model.__name__, name))
            inner = inner_model(info.annotation)
            if inner is not None:
                pending.append(inner)
    assert found == {(model.__name__, name) for model, name in REFERENCES}
    assert all(target in RECORD_KINDS for target in REFERENCES.values())


def test_the_references_are_those_validation_checked_by_hand_before():
    assert {(model.__name__, name): kind.folder for (model, name), kind in REFERENCES.items()} == {
        ("Claim", "source"): "sources",
        ("Claim", "speaker"): "actors",
        ("DateInference", "source"): "sources",
        ("Alias", "source"): "sources",
        ("Event", "category"): "categories",
        ("Event", "places"): "places",
        ("Event", "actors"): "actors",
        ("Event", "agreements"): "agreements",
        ("ControlChange", "place"): "places",
        ("ControlChange", "from_"): "actors",
        ("ControlChange", "to"): "actors",
        ("ControlReport", "holder"): "actors",
        ("Relation", "target"): "actors",
        ("Actor", "camp"): "camps",
        ("Place", "within"): "places",
        ("Area", "place"): "places",
        ("Agreement", "parties"): "actors",
        ("Dispute", "places"): "places",
        ("Dispute", "actors"): "actors",
        ("Dispute", "events"): "events",
    }


def test_a_reference_to_a_record_of_another_kind_says_which_kind_it_is(mini: Path):
    event = mini / "events" / "guard-takes-riverton.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("category: fighting", "category: riverton"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset(mini, display_root=mini.parent)
    assert [str(problem) for problem in raised.value.problems] == [
        "site_data/events/guard-takes-riverton.yaml:9:11: unknown category id 'riverton' in 'category' ('riverton' is a"
        " place, not a category); it must be the id of a file in site_data/categories/",
    ]


def test_every_kind_has_a_typed_table_on_the_dataset():
    data = load_dataset(FIXTURES / "mini")
    for kind in RECORD_KINDS:
        table = data.records(kind)
        assert getattr(data, kind.folder) is table
        assert all(isinstance(record, kind.model) for record in table.values())


def test_hand_written_pages_cannot_take_a_name_the_generator_writes():
    assert set(top_level_names()) <= set(RESERVED_NAMES)
