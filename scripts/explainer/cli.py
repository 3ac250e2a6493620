"""The ``explainer`` command line: check the data, render the pages, report quote coverage."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from .coverage import COVERED_SHARE
from .engines import ENGINES
from .errors import DataError, DataWarning, ExplainerError, Problem, visible
from .i18n import Words, tool_words
from .kinds import COUNTED, RECORD_KINDS, RecordKind


def record_counts(words: Words, counts: dict[RecordKind[Any], int]) -> str:
    """"4 events, 1 agreement, …": how many records of each kind, in the order given."""
    return ", ".join(words.ngettext(*kind.counted, count) for kind, count in counts.items())


def github_annotation(problem: Problem) -> str:
    """A problem as a GitHub Actions workflow command, so that it shows on the pull request's diff.

    One line whatever the data, escaped as the runner unescapes it: ``%``, carriage return and new line
    in the message, and also ``:`` and ``,`` in a property; other control and bidirectional characters,
    which the runner has no escape for, are written visibly (``\\u001b``).
    """

    def data(text: str) -> str:
        return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    level = "warning" if isinstance(problem, DataWarning) else "error"
    return f"::{level} file={prop(problem.path)},line={problem.line},col={problem.column}::{data(problem.message)}"


def _cmd_check(args: argparse.Namespace) -> int:
    from .generate import load_and_check
    from .validate import data_warnings

    words = tool_words()
    try:  # what the build checks, with the same functions, before it renders anything
        dataset, _ = load_and_check(Path(args.data), Path(args.content))
    except DataError as error:
        for problem in error.problems:
            print(github_annotation(problem) if args.format == "github" else problem)
        print(words.ngettext("%(num)s problem found.", "%(num)s problems found.", len(error.problems)), file=sys.stderr)
        return 1
    # Warnings are for review: printed like problems, but the data is fine and the exit status 0.
    warnings = data_warnings(dataset)
    for warning in warnings:
        print(github_annotation(warning) if args.format == "github" else warning)
    counts = record_counts(words, {kind: len(dataset.records(kind)) for kind in COUNTED})
    if warnings:
        print(words.ngettext("OK, with %(num)s warning: %(counts)s.", "OK, with %(num)s warnings: %(counts)s.", len(warnings), counts=counts), file=sys.stderr)
    else:
        print(words.gettext("OK: %(counts)s.", counts=counts), file=sys.stderr)
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from .articles import replace_chart_blocks
    from .contentfiles import list_content
    from .generate import generate_site

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise ExplainerError(f"{out}: the folder is not empty; give an empty or new folder")
    content = Path(args.content) if args.content else None
    output = generate_site(Path(args.data), Path(args.templates), content_dir=content)
    from .mkdocs_adapter import generated_markdown

    written: list[tuple[str, str | bytes]] = [(page.src, generated_markdown(page)) for page in output.pages]
    written += [(f.path, f.text()) for f in output.files]
    if content is not None:  # hand-written pages, with their chart blocks in place, and their images
        listing = list_content(content)  # already checked by generate_site
        for path in listing.pages:
            src = path.relative_to(content).as_posix()
            if src in output.chart_blocks:
                written.append((src, replace_chart_blocks(path.read_text(encoding="utf-8"), output.chart_blocks[src])))
            else:
                written.append((src, path.read_text(encoding="utf-8")))
        written += [(path.relative_to(content).as_posix(), path.read_bytes()) for path in listing.images]
    for src, text in written:
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    words = tool_words()
    pages = words.ngettext("%(num)s page", "%(num)s pages", len(output.pages))
    print(
        words.ngettext("%(pages)s and %(num)s other file written to %(out)s", "%(pages)s and %(num)s other files written to %(out)s", len(output.files), pages=pages, out=out),
        file=sys.stderr,
    )
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .engines import build_site

    return build_site(args.engine, Path(args.config_file))


def _cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import sentence_coverage
    from .derive import build_index
    from .loader import load_dataset

    dataset = load_dataset(Path(args.data))
    index = build_index(dataset)
    wanted = args.source or sorted(dataset.sources)
    unknown = [source for source in wanted if source not in dataset.sources]
    if unknown:
        raise ExplainerError(f"unknown source id: {', '.join(unknown)}; known: {', '.join(sorted(dataset.sources))}")
    missing = 0
    words = tool_words()
    for source_id in wanted:
        found = list(sentence_coverage(dataset, index, source_id))
        gaps = [s for s in found if s.covered < args.share]
        missing += len(gaps)
        print(
            words.ngettext(
                "%(source)s: %(quoted)s of %(num)s sentence quoted",
                "%(source)s: %(quoted)s of %(num)s sentences quoted",
                len(found),
                source=source_id,
                quoted=words.number(len(found) - len(gaps)),
            )
        )
        for sentence in gaps:
            print(f"  {sentence.covered:4.0%}  {sentence.text}")
    return 1 if missing else 0


def _cmd_weight(args: argparse.Namespace) -> int:
    from .weight import measure

    site = Path(args.site)
    for page in args.pages:
        url = page.strip("/") + "/" if page.strip("/") else ""
        if not (site / (url + "index.html")).is_file():
            raise ExplainerError(f"{site / url}: no such page in the built site; build it first (mkdocs build --strict)")
        weight = measure(site, url)
        line = f"{url or '/'}: {weight.gzipped / 1024:,.0f} KiB gzipped ({weight.bytes / 1024:,.0f} KiB) in {len(weight.resources)} files"
        if weight.at_load != weight.gzipped:
            line += f"; {weight.at_load / 1024:,.0f} KiB gzipped until a chart is used"
        print(line)
        if args.verbose:
            for resource in weight.resources:
                print(f"  {resource.gzipped / 1024:8,.1f} KiB gz {resource.bytes / 1024:9,.1f} KiB  {resource.path}")
    return 0


def _cmd_search_index(args: argparse.Namespace) -> int:
    from .search import index_site

    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise ExplainerError(f"{site}: no built site here (no index.html); build it first")
    summary = index_site(site)
    print(f"{summary.folder}: {summary.log}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import scaffold

    written = scaffold(args.kind, args.title, Path(args.data), Path(args.templates))
    for path in written:
        print(f"wrote {path}")
    print("Replace every FILL IN value, then run: explainer check", file=sys.stderr)
    return 0


def _cmd_quote(args: argparse.Namespace) -> int:
    from .kinds import SOURCES
    from .loader import MAX_TEXT_BYTES
    from .model import Source
    from .quotes import ArchivedText, closest_passage, explain_mismatch, normalise_space
    from .records import record_from_document
    from .yamlstrict import load_yaml_file, read_text_file

    folder = Path(args.data) / SOURCES.folder
    record_path = folder / f"{args.source}.yaml"
    if not record_path.is_file():
        known = sorted(path.stem for path in folder.glob("*.yaml"))
        raise ExplainerError(f"no source '{args.source}' in {folder}; known: {', '.join(known) or 'none'}")
    doc, problems = load_yaml_file(record_path, str(record_path))
    source = record_from_document(doc, Source)[0] if doc is not None else None
    text_path = folder / (source.archived_text if isinstance(source, Source) else f"{args.source}.txt")
    raw, problems = read_text_file(text_path, str(text_path), max_bytes=MAX_TEXT_BYTES)
    if raw is None:
        raise ExplainerError("; ".join(str(problem) for problem in problems))
    text = ArchivedText.from_raw(raw)
    wanted = normalise_space(args.text)
    if text.contains(wanted):
        print(f"verbatim: found in {text_path} at line {_line_of(raw, text.normalised, wanted)}")
        return 0
    hint = explain_mismatch(args.text, text)
    passage = closest_passage(args.text, text)  # found once: the text keeps what explain_mismatch found
    print("not verbatim" if hint.startswith("the closest passage") else f"not verbatim: {hint}")
    if passage:
        print(f"closest passage, line {_line_of(raw, text.normalised, passage)}: {passage}")
    return 1


def _line_of(raw: str, normalised: str, passage: str) -> int:
    """The line of ``raw`` where a passage of its whitespace-normalised form starts; 1 when it is not there.

    The normalised text is the raw text's runs of non-space characters joined by
    single spaces, so one pass over those runs maps an offset back to its line.
    """
    import re

    from .quotes import normalise_space

    offset = normalised.find(normalise_space(passage))
    if offset < 0:
        return 1
    position = 0  # where the current run starts in the normalised text
    for run in re.finditer(r"\S+", raw):
        end = position + len(run.group())
        if offset < end:
            return raw.count("\n", 0, run.start()) + 1
        position = end + 1  # the single space that joins two runs
    return raw.count("\n") + 1


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import stale_schemas, write_schemas

    data = Path(args.data)
    if args.check:
        stale = stale_schemas(data)
        for stale_path in stale:
            print(f"{stale_path}: out of date; run explainer schema")
        return 1 if stale else 0
    for path in write_schemas(data):
        print(f"wrote {path}")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from .synth import synthesize

    counts = synthesize(args.events, args.seed, Path(args.out))
    print(tool_words().gettext("%(counts)s written to %(out)s", counts=record_counts(tool_words(), counts), out=args.out), file=sys.stderr)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from .bench import bench_bundled, bench_size, report

    repo = Path(args.repo).resolve()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.preview:
        return _bench_preview(args, repo, work)
    results = []
    for size in args.sizes:  # every figure is checked as it is read: an impossible one stops here, unprinted
        print(f"building {size:,} events and its baseline, {args.repeats} times each…", file=sys.stderr)
        results.append(bench_size(size, args.seed, work, repo, repeats=args.repeats))
    bundled = None
    if not args.no_bundled:
        print("building the bundled site…", file=sys.stderr)
        bundled = bench_bundled(repo, work, repeats=args.repeats)
    print(report(results, bundled), end="")
    if args.lighthouse:
        from .lighthouse import lighthouse_pages, lighthouse_sites, scores_table, scores_verdicts

        print("running Lighthouse…", file=sys.stderr)
        biggest = work / f"site-{max(args.sizes)}" / "site" if args.sizes else None
        site = work / "bundled" / "site"
        scores = lighthouse_sites(site, lighthouse_pages(site), biggest, max(args.sizes) if args.sizes else 0)
        print()
        print(scores_table(scores))
        for line in scores_verdicts(scores):
            print(f"- {line}")
    return 0


def _bench_preview(args: argparse.Namespace, repo: Path, work: Path) -> int:
    from .bench import bundled_project, synthetic_project
    from .previewbench import bench_preview, preview_table

    previews = []
    projects = [("bundled site", bundled_project(repo, work))] if not args.no_bundled else []
    for size in args.sizes:
        projects.append((f"{size:,} events", synthetic_project(size, args.seed, work, repo)))
    for name, project in projects:
        for dirty in (False, True):
            print(f"previewing {name}{' (--dirty)' if dirty else ''}…", file=sys.stderr)
            previews.append(bench_preview(name, project, args.repeats, dirty=dirty))
    print(preview_table(previews), end="")
    return 0


def _bench_sizes(text: str) -> list[int]:
    from .bench import parse_sizes  # imported when used: other commands start faster without it

    try:
        return parse_sizes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _bench_repeats(text: str) -> int:
    from .bench import parse_repeats

    try:
        return parse_repeats(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer",
        description="Sourced YAML facts to a searchable explainer site. See README.md and CONTRIBUTING.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate the data and pages without building; print every problem as path:line:column: message",
        description=(
            "Validate every record in the data folder, and the chart blocks and quotations of the hand-written"
            " pages, without building the site. Exit status 0 when all is well, 1 otherwise."
        ),
    )
    check.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    check.add_argument(
        "--content",
        default="content",
        help="the hand-written pages, whose chart blocks and quotations are checked too (default: content)",
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default), or github: GitHub Actions annotations that show on a pull request's diff",
    )
    check.set_defaults(func=_cmd_check)

    new = commands.add_parser(
        "new",
        help="write the skeleton of a new record, its id made from the title",
        description=(
            "Write a skeleton record under the right folder of the data, with an id made from the title; a source"
            " also gets an archived-text file. Refuses to overwrite. Fill in every FILL IN value, then run check."
        ),
    )
    new.add_argument("kind", choices=[kind.name for kind in RECORD_KINDS])
    new.add_argument("title", help="the title (or name) of the new record, in quotes")
    new.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    new.add_argument("--templates", default="templates", help="the templates folder (default: templates)")
    new.set_defaults(func=_cmd_new)

    quote = commands.add_parser(
        "quote",
        help="say whether a text is a verbatim quote of a source, else show the closest passage",
        description=(
            "Check a quote against a source's archived text as the build does (whitespace aside, exactly)."
            " Exit status 0 when it is verbatim, 1 when not."
        ),
    )
    quote.add_argument("source", help="the source id, such as city-herald-2019-05-14")
    quote.add_argument("text", help="the quote, in quotes")
    quote.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    quote.set_defaults(func=_cmd_quote)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas of the record kinds into site_data/schemas/ (for editors' tools)",
        description="Generate one JSON Schema per record kind from the typed model. --check: exit 1 if they are stale.",
    )
    schema.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    schema.add_argument("--check", action="store_true", help="only say whether the committed schemas are up to date")
    schema.set_defaults(func=_cmd_schema)

    render = commands.add_parser(
        "render",
        help="write the generated Markdown pages to a folder (for another site engine, or to inspect them)",
        description="Validate the data and write every generated page, as Markdown, into OUT.",
    )
    render.add_argument("out", help="an empty or new folder")
    render.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    render.add_argument("--templates", default="templates", help="the templates folder (default: templates)")
    render.add_argument(
        "--content", default=None, help="also copy this folder of hand-written pages, with their charts in place"
    )
    render.set_defaults(func=_cmd_render)

    build = commands.add_parser(
        "build",
        help="build the site with MkDocs, ProperDocs or Zensical (strict: any problem or warning stops it)",
        description=(
            "Build the site of mkdocs.yml into its site_dir, replacing it only when the build succeeds. mkdocs"
            " (the default) and properdocs run their own build --strict with the explainer plugin; zensical, which"
            " runs no MkDocs plugin, is given the finished pages and the theme's overrides, and the policies,"
            " search index and _headers are added after it (see the README, Engines)."
        ),
    )
    build.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the site engine (default: mkdocs)")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help="the configuration (default: mkdocs.yml)")
    build.set_defaults(func=_cmd_build)

    coverage = commands.add_parser(
        "coverage",
        help="list the sentences of each source that no claim quotes yet",
        description=(
            "For each source, list the sentences of its archived text that no claim quotes and that are not"
            " declared furniture. Exit status 1 when any is left."
        ),
    )
    coverage.add_argument("source", nargs="*", help="source ids (default: every source)")
    coverage.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    coverage.add_argument(
        "--share",
        type=float,
        default=COVERED_SHARE,
        help=f"share of a sentence's words that quotes must cover (default: {COVERED_SHARE})",
    )
    coverage.set_defaults(func=_cmd_coverage)

    synth = commands.add_parser(
        "synth",
        help="write a deterministic synthetic data folder of N events (for benchmarks)",
        description=(
            "Write a synthetic site_data/ tree: N events with proportionate actors, places, sources (with archived"
            " texts) and claims that quote them. The same N and seed give the same files; the tree passes check."
        ),
    )
    synth.add_argument("--events", type=int, required=True, help="number of events")
    synth.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    synth.add_argument("--out", required=True, help="an empty or new folder")
    synth.set_defaults(func=_cmd_synth)

    bench = commands.add_parser(
        "bench",
        help="build synthetic sites beside plain MkDocs, alternately, and print how long, how big and how heavy",
        description=(
            "For each size: a synthetic data tree built with mkdocs build --strict, and its baseline, a plain MkDocs"
            " project derived from the built site (the same pages with the same visible text, no explainer), built"
            " alternately --repeats times each. Prints the medians and ranges of wall time, CPU time, peak memory,"
            " the generator's share and the ratios to the baseline; the weights of the site's pages; the budgets."
        ),
    )
    bench.add_argument(
        "--sizes",
        type=_bench_sizes,
        default=[100, 1000],
        help="event counts, comma-separated, such as 1000,10000,100000 (default: 100,1000)",
    )
    bench.add_argument("--repeats", type=_bench_repeats, default=3, help="builds of each site and of its baseline (default: 3)")
    bench.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data (default: 1)")
    bench.add_argument("--work", default=".bench", help="where to build (default: .bench)")
    bench.add_argument("--repo", default=".", help="the project whose mkdocs.yml and templates to use (default: .)")
    bench.add_argument("--no-bundled", action="store_true", help="skip the generator's share of the bundled site")
    bench.add_argument(
        "--preview",
        action="store_true",
        help="instead: time a preview's rebuild (mkdocs serve) after a save of a data file, of a page and of nothing,"
        " --repeats times each, on the bundled site and at each size",
    )
    bench.add_argument(
        "--lighthouse",
        action="store_true",
        help="also score pages of the bundled site and of the largest synthetic site with Lighthouse (npx, Chromium)",
    )
    bench.set_defaults(func=_cmd_bench)

    weight = commands.add_parser(
        "weight",
        help="what a reader downloads for a page of the built site, gzipped",
        description=(
            "For each page of a built site, the files a browser downloads to show it (HTML, styles, scripts,"
            " Plotly.js on chart pages; the search index only once a reader searches, so not counted) and their"
            " size, gzipped as static hosts serve them."
        ),
    )
    weight.add_argument("pages", nargs="+", help="pages by URL path, such as timeline/ or embed/timeline/ ('' or / for home)")
    weight.add_argument("--site", default="site", help="the built site (default: site)")
    weight.add_argument("-v", "--verbose", action="store_true", help="list every file")
    weight.set_defaults(func=_cmd_weight)

    search_index = commands.add_parser(
        "search-index",
        help="write the search index of a built site (what mkdocs build does), for a site another engine built",
        description=(
            "Index a built site with Pagefind into SITE/pagefind/, as the explainer-search plugin does after"
            " mkdocs build: the pages' content (data-pagefind-body), without the blocks marked"
            " data-search-exclude, with the names of each page's subject."
        ),
    )
    search_index.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    search_index.set_defaults(func=_cmd_search_index)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DataError as error:
        for problem in error.problems:
            print(problem)
        return 1
    except ExplainerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def run() -> NoReturn:
    """The ``explainer`` program (its console script): :func:`main`, then the exit.

    ``explainer check``, which editors run on every save, is a short process whose work is bounded by the limits on
    its input: it runs without the cyclic garbage collector (objects are still freed as they go; about 25 ms of
    collections), and ends as soon as its report is written and flushed, without the interpreter's teardown (freeing
    every object and a last collection: about 40 ms of the 0.35 s it took on the bundled data), as mypy's command
    line does. Other commands (which may wait for threads or child processes) run and exit as usual. :func:`main`
    itself changes nothing of the process, and returns.
    """
    check = sys.argv[1:2] == ["check"]
    if check:
        gc.disable()
    code = main()
    if check:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
