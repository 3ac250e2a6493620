"""A preview's rebuild (mkdocs serve) that keeps what a save did not change writes the same site as a full build.

One preview session goes through a series of saves (data, a hand-written page, a template, the topic's title,
a new record, a removed one, a broken file and its fix); after each, every file it served is compared with a
build of the same project from scratch, and what the rebuild kept is checked against what the save changed.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import edit, make_project, write
from explainer.errors import DataError, Problem
from explainer.incremental import FileDigests, MemoryBytecodeCache, PageOutputs, ParsedFiles, digest, tree_digest
from explainer.loader import load_dataset
from explainer.validate import CheckedRecords

SERVE_URL = "http://127.0.0.1:8000/"


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index (written in the background under serve, and tested apart)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.relative_to(site).as_posix().startswith("pagefind/")
    }


#: What MkDocs and the plugin write on every build: the theme's pages and the headers file.
THEME_PAGES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "_headers")


def _times(site: Path) -> dict[str, int]:
    """When each file of a built site (the search index aside, see :func:`_files`) was last written."""
    return {name: (site / name).stat().st_mtime_ns for name in _files(site)}


class Preview:
    """A preview session as `mkdocs serve` runs it: on_startup once, then a build into the served folder per save."""

    def __init__(self, project: Path, work: Path, *, dirty: bool):
        from mkdocs.config import load_config

        self.project, self.served, self.fresh = project, work / "served", work / "fresh"
        self.dirty = dirty
        self.config_file = str(project / "mkdocs.yml")
        config = load_config(self.config_file, site_dir=str(self.served))
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.plugin = config.plugins["explainer"]
        self.log: list[str] = []

    def rebuild(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(self.config_file, site_dir=str(self.served))
        assert config.plugins["explainer"] is self.plugin, "MkDocs keeps the plugin of a serve session"
        build(config, serve_url=SERVE_URL, dirty=self.dirty)
        config.plugins["explainer-search"].on_shutdown()  # the background index, before the folder is read

    def from_scratch(self) -> dict[str, bytes]:
        """The same project built with nothing kept from before."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        session = self.plugin.session
        self.plugin.session = None
        try:
            if self.fresh.exists():
                shutil.rmtree(self.fresh)
            config = load_config(self.config_file, site_dir=str(self.fresh))
            build(config, serve_url=SERVE_URL)
            config.plugins["explainer-search"].on_shutdown()
        finally:
            self.plugin.session = session
        return _files(self.fresh)

    def close(self) -> None:
        from mkdocs.config import load_config

        load_config(self.config_file, site_dir=str(self.served)).plugins.on_shutdown()
        assert self.plugin.session is None, "the preview's memory goes with it"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _previewing(work: Path, dirty: bool) -> Iterator[tuple[Preview, _Lines]]:
    """A preview session of a new copy of the project in ``work``, and the plugin's log lines."""
    project = make_project(work / "project")
    cwd = os.getcwd()
    lines = _Lines()
    logger = logging.getLogger("mkdocs.plugins.explainer")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(lines)
    os.chdir(project)
    session = Preview(project, work, dirty=dirty)
    try:
        yield session, lines
    finally:
        session.close()
        logger.removeHandler(lines)
        logger.setLevel(level)
        os.chdir(cwd)


@pytest.fixture(params=[False, True], ids=["mkdocs serve", "mkdocs serve --dirty"])
def preview(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Preview, _Lines]]:
    with _previewing(tmp_path, request.param) as found:
        yield found


def _last_preview_line(lines: _Lines) -> str:
    return [line for line in lines.lines if line.startswith("Preview:")][-1]


SAVES: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "nothing",
        lambda project: None,
        "Preview: 22 data files read as before; 20 records checked as before; generated pages as before; 26 of 26 pages written as before",
    ),
    (
        "an event's title",
        lambda project: edit(project / "site_data/events/front-takes-riverton.yaml", "title: Valley Front captures Riverton", "title: Valley Front seizes Riverton"),
        "Preview: 21 data files read as before; 19 records checked as before; generated pages made anew; 15 of 26 pages written as before",
    ),
    (
        "a hand-written page's prose",
        lambda project: edit(project / "content/report.md", "# A report on Riverton\n", "# A report on Riverton\n\nA sentence added in the preview.\n"),
        "Preview: 22 data files read as before; 20 records checked as before; generated pages as before; 25 of 26 pages written as before",
    ),
    (
        "a theme override",
        lambda project: edit(project / "templates/overrides/main.html", '{% extends "base.html" %}\n', '{% extends "base.html" %}\n{# saved in the preview #}\n'),
        "Preview: 22 data files read as before; 20 records checked as before; generated pages as before; 0 of 26 pages written as before",
    ),
    (  # a comment: the pages are made anew, and come out as before
        "a page template",
        lambda project: edit(project / "templates/pages/place.html.j2", '{% import "_macros.j2" as m %}\n', '{% import "_macros.j2" as m %}\n{# saved in the preview #}\n'),
        "Preview: 22 data files read as before; 20 records checked as before; generated pages made anew; 26 of 26 pages written as before",
    ),
    (
        "the topic's title (in every page's header)",
        lambda project: edit(project / "site_data/site.yaml", "title: The Valley, explained", "title: The Valley, told"),
        "Preview: 21 data files read as before; 0 records checked as before; generated pages made anew; 0 of 26 pages written as before",
    ),
    (
        "a new event",
        lambda project: write(
            project / "site_data/events/front-holds-riverton.yaml",
            (project / "site_data/events/front-takes-riverton.yaml").read_text(encoding="utf-8")
            .replace("id: front-takes-riverton", "id: front-holds-riverton")
            .replace("title: Valley Front seizes Riverton", "title: Valley Front holds Riverton")
            .replace("control_changes:\n  - place: riverton\n    to: valley-front\n", ""),
        ),
        "Preview: 22 data files read as before; 0 records checked as before; generated pages made anew; 13 of 26 pages written as before",
    ),
    (
        "a removed event",
        lambda project: (project / "site_data/events/front-holds-riverton.yaml").unlink(),
        "Preview: 22 data files read as before; 0 records checked as before; generated pages made anew; 13 of 26 pages written as before",
    ),
]


#: The saves above that change a data file.
DATA_SAVES = {"an event's title", "the topic's title (in every page's header)", "a new event", "a removed event"}


def test_each_save_rebuilds_the_site_a_full_build_writes(tmp_path: Path):
    """`mkdocs serve`, then `mkdocs serve --dirty`, each on its own copy of the project, go through the same saves;
    after each, what each serves is the full build of the project as that save left it (made once, for both)."""
    full_builds: dict[str, dict[str, bytes]] = {}
    for dirty in (False, True):
        with _previewing(tmp_path / ("dirty" if dirty else "clean"), dirty) as (session, lines):
            _each_save(session, lines, full_builds)


def _each_save(session: Preview, lines: _Lines, full_builds: dict[str, dict[str, bytes]]) -> None:
    command = "mkdocs serve --dirty" if session.dirty else "mkdocs serve"
    session.rebuild()
    assert _last_preview_line(lines) == (
        "Preview: 0 data files read as before; 0 records checked as before; generated pages made anew; 0 of 26 pages written as before"
    )
    for what, save, expected in SAVES:
        before, times = _files(session.served), _times(session.served)
        last = session.plugin.session.dataset
        save(session.project)
        session.rebuild()
        assert _last_preview_line(lines) == expected, (command, what)
        # The data is loaded and validated again only when a data file changed.
        assert (session.plugin.session.dataset[1] is last[1]) == (what not in DATA_SAVES), (command, what)
        served = _files(session.served)
        if what not in full_builds:
            full_builds[what] = session.from_scratch()
        fresh = full_builds[what]
        assert sorted(served) == sorted(fresh), (command, what)
        differing = [name for name in sorted(served) if served[name] != fresh[name]]
        assert differing == [], f"after a save of {what}, {command} differs from a full build in {differing}"
        if session.dirty:  # only what changed is written again: the changed files, the pages built, the theme's pages
            rewritten = {name for name, time in _times(session.served).items() if times.get(name) != time}
            changed = {name for name in served if before.get(name) != served[name]}
            built = 26 - int(expected.split("; ")[3].split(" of ")[0])
            assert changed <= rewritten, what
            assert len(rewritten - changed) <= built + len(THEME_PAGES), (what, sorted(rewritten - changed))


def test_the_themes_files_are_filtered_once_a_session(preview: tuple[Preview, _Lines]):
    """MkDocs picks the theme's files to copy through a filter of names on every build: a session asks it once per
    name, and copies the same files (the served folder is a full build's, test above)."""
    session, _ = preview
    session.rebuild()
    filters = session.plugin.session.theme_filters
    assert len(filters) == 1
    answers = dict(next(iter(filters.values())))
    assert answers["assets/stylesheets/explainer-charts.css"] is True and answers["main.html"] is False
    assert len(answers) > 1000  # every template of Material and of the overrides
    session.rebuild()
    assert list(filters.values()) == [answers]


def test_the_themes_inline_scripts_are_read_once_a_session_and_the_projects_on_every_build(preview: tuple[Preview, _Lines]):
    """A page's policy allows the inline scripts the templates write: the installed theme's are read once a
    session, the project's overrides on every build (a script added to them is allowed at the next save)."""
    session, _ = preview
    session.rebuild()
    kept = session.plugin.session.theme_scripts
    overrides = str(session.project / "templates/overrides")
    assert kept and overrides not in kept and all("site-packages" in folder for folder in kept)  # Material's and MkDocs'
    read = dict(kept)
    added = "console.info('saved in the preview');"
    edit(session.project / "templates/overrides/main.html", '{% extends "base.html" %}\n', f'{{% extends "base.html" %}}\n{{% block libs %}}{{{{ super() }}}}<script>{added}</script>{{% endblock %}}\n')
    session.rebuild()
    assert session.plugin.scripts.allows(added)
    assert all(kept[folder] is read[folder] for folder in read) and kept.keys() == read.keys()


def test_a_broken_save_then_its_fix_serves_the_fixed_site(preview: tuple[Preview, _Lines]):
    session, _ = preview
    session.rebuild()
    event = session.project / "site_data/events/front-takes-riverton.yaml"
    good = event.read_text(encoding="utf-8")
    event.write_text(good.replace("date: 2019-08", "date: 2019-13"), encoding="utf-8")
    session.rebuild()
    banner = (session.served / "index.html").read_text(encoding="utf-8")
    assert "The data has problems; the generated pages are from the last good build." in banner
    event.write_text(good.replace("title: Valley Front captures Riverton", "title: Valley Front seizes Riverton"), encoding="utf-8")
    session.rebuild()
    served, fresh = _files(session.served), session.from_scratch()
    assert "The data has problems" not in served["index.html"].decode()
    assert [name for name in sorted(served) if served[name] != fresh.get(name)] == []
    assert "Valley Front seizes Riverton" in served["timeline/index.html"].decode()


def test_a_save_of_a_configuration_the_site_inherits_rebuilds_the_pages(tmp_path: Path):
    """mkdocs.yml may take most of its settings from another file (MkDocs' INHERIT): a save of that file changes
    the pages as a save of mkdocs.yml does (here the permalink sign of every heading)."""
    project = make_project(tmp_path / "project")
    (project / "mkdocs.yml").rename(project / "base.yml")
    write(project / "mkdocs.yml", "INHERIT: base.yml\n")
    cwd = os.getcwd()
    os.chdir(project)
    session = Preview(project, tmp_path, dirty=True)
    try:
        session.rebuild()
        edit(project / "base.yml", "      permalink: true\n", '      permalink: "#"\n')
        session.rebuild()
        served, fresh = _files(session.served), session.from_scratch()
    finally:
        session.close()
        os.chdir(cwd)
    assert 'title="Permanent link">#</a>' in fresh["report/index.html"].decode("utf-8")
    assert [name for name in sorted(fresh) if served.get(name) != fresh[name]] == []


def test_parsed_files_keep_only_what_the_last_build_read(tmp_path: Path):
    made: list[str] = []
    cache: ParsedFiles[str] = ParsedFiles()

    def read(name: str, data: bytes) -> str:
        def make() -> str:
            made.append(name)
            return data.decode()

        return cache.get(tmp_path / name, "ctx", data, make)

    cache.begin()
    assert (read("a", b"1"), read("b", b"2")) == ("1", "2")
    cache.begin()
    assert (read("a", b"1"), read("b", b"3")) == ("1", "3")
    assert made == ["a", "b", "b"] and cache.reused == 1
    cache.begin()
    read("a", b"1")  # b is not read in this build: it is forgotten at the next
    cache.begin()
    assert len(cache) == 0
    read("b", b"3")
    assert made == ["a", "b", "b", "b"]
    assert cache.get(tmp_path / "a", "another context", b"1", lambda: "made") == "made"


def test_file_digests_read_a_file_again_only_when_its_status_changed_or_it_was_saved_just_before(tmp_path: Path):
    path = write(tmp_path / "a.yaml", "x: 1\n")
    first = path.lstat()
    saved = max(first.st_mtime_ns, first.st_ctime_ns)
    now = [saved + FileDigests.RACY_NS // 3]  # a scan that begins a second after the save
    files = FileDigests(clock=lambda: now[0])
    one = files.of(path, first)
    assert files.read == 1

    # A second save within the clock's resolution can leave the status as it was: the file was saved just
    # before the scan that read it, so the next scan reads it again, whatever its status says.
    write(path, "x: 2\n")
    files.begin()
    two = files.of(path, first)
    assert (files.read, two != one) == (1, True)
    assert two == FileDigests(clock=lambda: now[0]).of(path, path.lstat())

    # Read by a scan that began long after its save, it is trusted while its status stays.
    now[0] = saved + 2 * FileDigests.RACY_NS
    files.begin()
    assert files.of(path, first) == two and files.read == 1
    write(path, "x: 3\n")  # unseen while the status given is the same: the status is what is trusted
    files.begin()
    assert files.of(path, first) == two and files.read == 0
    files.begin()
    three = files.of(path, path.lstat())  # a save changes the status (its times): read again
    assert files.read == 1 and three not in (one, two)

    # What a scan does not ask for is forgotten at the next.
    files.begin()
    files.begin()
    assert len(files) == 0


def test_tree_digest_by_status_is_the_digest_of_the_bytes(tmp_path: Path):
    folder = tmp_path / "tree"
    write(folder / "a.yaml", "x: 1\n")
    write(folder / "sub" / "b.yaml", "y: 1\n")
    files = FileDigests()
    files.begin()
    first = tree_digest(folder, max_bytes=100, files=files)
    assert files.read == 2
    write(folder / "a.yaml", "x: 2\n")
    files.begin()
    second = tree_digest(folder, max_bytes=100, files=files)
    assert second != first and second == tree_digest(folder, max_bytes=100, files=FileDigests())


#: Saves that break a record the save did not touch: its checks read what the save changed.
BREAKING_SAVES: dict[str, Callable[[Path], object]] = {
    "the actor an event names is removed": lambda data: (data / "actors/valley-front.yaml").unlink(),
    "the archived text an event quotes is edited": lambda data: edit(
        data / "sources/gazette-2020-03-07.txt", "The Northern Guard on Saturday", "The Guard on Saturday"
    ),
    "the source an event quotes is dated before it": lambda data: edit(
        data / "sources/gazette-2020-03-07.yaml", "published: 2020-03-07", "published: 2019-01-07"
    ),
    "the topic stops grouping actors in camps": lambda data: write(
        data / "site.yaml", (data / "site.yaml").read_text(encoding="utf-8") + "vocabulary:\n  camps: false\n"
    ),
    "an event is saved with a quote no text has": lambda data: edit(
        data / "events/front-takes-riverton.yaml", "had captured Riverton", "had taken Riverton"
    ),
}


def _problems(data: Path, parsed: ParsedFiles[object] | None = None, checked: CheckedRecords | None = None) -> list[Problem]:
    try:
        load_dataset(data, parsed=parsed, checked=checked)
    except DataError as error:
        return error.problems
    return []


@pytest.mark.parametrize("save", sorted(BREAKING_SAVES))
def test_a_preview_checks_again_every_record_a_save_can_break(tmp_path: Path, save: str):
    """A preview that keeps each record's checks finds the problems a full check finds, in records the save did
    not touch too; a save that changes no other record's surroundings checks only the record saved."""
    data = make_project(tmp_path / "project") / "site_data"
    files = FileDigests()
    parsed: ParsedFiles[object] = ParsedFiles(files)
    checked = CheckedRecords()

    def preview() -> list[Problem]:
        files.begin()
        parsed.begin()
        return _problems(data, parsed, checked)

    assert preview() == [] and checked.reused == 0
    assert preview() == [] and checked.reused == len(checked.problems) == 20
    BREAKING_SAVES[save](data)
    found = preview()
    assert found == _problems(data) != []
    # Only a save of an event's own file leaves the others' surroundings as they were.
    assert checked.reused == (19 if save == "an event is saved with a quote no text has" else 0)


def test_page_outputs_reuse_only_the_same_key():
    outputs = PageOutputs()
    outputs.begin()
    outputs.keep("a.md", "k1", "<html>a</html>")
    outputs.begin()
    assert outputs.reusable("a.md", "k1") == "<html>a</html>"
    assert outputs.reusable("a.md", "k2") is None
    assert outputs.reusable("b.md", "k1") is None


def test_fingerprints_see_every_byte_and_name(tmp_path: Path):
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    folder = tmp_path / "tree"
    write(folder / "a.yaml", "x: 1\n")
    first = tree_digest(folder, max_bytes=100)
    write(folder / "a.yaml", "x: 2\n")
    second = tree_digest(folder, max_bytes=100)
    (folder / "a.yaml").rename(folder / "b.yaml")
    third = tree_digest(folder, max_bytes=100)
    assert len({first, second, third}) == 3
    big = write(folder / "big.txt", "y" * 200)  # over the limit: its size and time stand for it, not its bytes
    with_big = tree_digest(folder, max_bytes=100)
    assert with_big != third
    status = big.stat()
    big.write_text("z" * 200)  # the same size and time, other bytes: not read, so not seen
    os.utime(big, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert tree_digest(folder, max_bytes=100) == with_big
    os.utime(big, ns=(status.st_atime_ns, status.st_mtime_ns + 1))  # a save: seen by its time
    assert tree_digest(folder, max_bytes=100) != with_big
    assert tree_digest(folder, max_bytes=1000) != with_big  # under a larger limit, its bytes count


def test_the_bytecode_cache_holds_one_entry_per_template():
    import jinja2

    cache = MemoryBytecodeCache()
    sources = {"page.html": "{{ 1 + 1 }}"}
    for text in ("{{ 1 + 1 }}", "{{ 2 + 2 }}", "{{ 2 + 2 }}"):
        sources["page.html"] = text
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        assert env.get_template("page.html").render() == str(eval(text.strip("{} ")))
    assert len(cache._code) == 1
