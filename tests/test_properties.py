"""Property-based tests: whatever an editor writes, the result is a valid model or clean errors, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from explainer.dates import DateError, parse_date
from explainer.errors import DataError
from explainer.kinds import RECORD_FOLDERS
from explainer.loader import load_dataset
from explainer.markup import EditorMarkdown
from test_hostile import _tags

FIELDS = sorted({name for model in RECORD_FOLDERS.values() for name in model.model_fields} | {"from", "quote", "source", "name"})
IDS = ["riverton", "hillcrest", "valley-front", "northern-guard", "fighting", "gazette-2020-03-07", "guard"]
DATES = ["2019-08", "2015", "2017-05-04/2017-05-05", "2020-01-28~", "2021-02-29", "2019-13", "x"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(IDS + DATES + ["<script>alert(1)</script>", "FILL IN: x", "[" * 40, "https://example.org/"]),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=14)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("properties") / "site_data"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def _load(data_dir: Path, folder: str, content: bytes) -> None:
    path = data_dir / folder / "generated.yaml"
    path.write_bytes(content)
    try:
        load_dataset(data_dir)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
            assert problem.path.endswith((".yaml", ".txt")), problem
    finally:
        path.unlink()


@SETTINGS
@given(folder=st.sampled_from(sorted(RECORD_FOLDERS)), document=documents)
def test_any_mapping_gives_a_model_or_clean_errors(data_dir: Path, folder: str, document):
    _load(data_dir, folder, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(folder=st.sampled_from(sorted(RECORD_FOLDERS)), text=st.text(max_size=400))
def test_any_text_gives_a_model_or_clean_errors(data_dir: Path, folder: str, text: str):
    _load(data_dir, folder, text.encode("utf-8"))


@SETTINGS
@given(content=st.binary(max_size=400))
def test_any_bytes_give_clean_errors(data_dir: Path, content: bytes):
    _load(data_dir, "events", content)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30) | st.from_regex(r"\d{1,5}(-\d{1,2}(-\d{1,2})?)?[~?%]?(/\d{4}(-\d\d)?)?", fullmatch=True))
def test_any_date_text_is_a_date_or_a_date_error(text: str):
    try:
        date = parse_date(text)
    except DateError as error:
        assert str(error)
        return
    assert date.lower <= date.upper and date.human()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("<>[]()/'\"=:&;!#*_`{} \nabcjscriptonerrorhrefsrc")), max_size=200))
def test_any_markdown_renders_to_html_without_active_content(text: str):
    html = str(EditorMarkdown().render(text, lambda scheme, record_id: f"../{record_id}/"))
    for tag, attributes in _tags(html):
        assert tag in ("p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "sup", "sub", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"), tag
        for name, value in attributes:
            assert name in ("href", "title", "class"), name
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))


simple_words = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:'\"“”’()–?%/") + ["\u00a0", "é", "ü"]), min_size=1, max_size=20)
record_link = st.builds(
    lambda text, scheme, record_id: f"[{text}]({scheme}:{record_id})",
    st.text(alphabet=st.sampled_from(list("abc XYZ'“”()")), min_size=1, max_size=10).filter(lambda t: t.strip()),
    st.sampled_from(["actor", "place", "event", "agreement", "source"]),
    st.sampled_from(["a", "khan-sheikhoun", "x-1"]),
)
simple_texts = st.lists(st.one_of(simple_words, record_link), min_size=1, max_size=12).map("".join) | st.lists(
    st.lists(st.one_of(simple_words, record_link), min_size=1, max_size=6).map("".join), min_size=1, max_size=3
).map("\n\n".join) | st.text(alphabet=st.sampled_from(list("ab *_[]()`#>-+1.\n<&!")), max_size=30)


@settings(max_examples=400, deadline=None)
@given(text=simple_texts)
def test_the_fast_path_for_simple_markdown_renders_what_the_full_path_renders(text: str):
    from explainer.markup import render_simple

    markdown = EditorMarkdown()
    resolver = lambda scheme, record_id: f"../../{scheme}s/{record_id}/"  # noqa: E731
    fast = render_simple(text, resolver)
    if fast is not None:  # the fast path may decline; when it answers, it is the full path's answer
        assert str(fast) == str(markdown.render_full(text, resolver))
