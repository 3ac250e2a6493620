"""The ``explainer`` command line: check the data, render the pages, report quote coverage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .coverage import COVERED_SHARE
from .errors import DataError, ExplainerError


def _cmd_check(args: argparse.Namespace) -> int:
    from .loader import load_dataset

    try:
        dataset = load_dataset(Path(args.data))
    except DataError as error:
        for problem in error.problems:
            print(problem)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(dataset.table(name))} {name}" for name in ("events", "actors", "places", "agreements", "sources", "disputes")
    )
    print(f"OK: {counts}.", file=sys.stderr)
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from .articles import replace_chart_blocks
    from .generate import generate_site

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise ExplainerError(f"{out}: the folder is not empty; give an empty or new folder")
    content = Path(args.content) if args.content else None
    output = generate_site(Path(args.data), Path(args.templates), content_dir=content)
    written = [(page.src, page.text) for page in output.pages] + [(f.path, f.content) for f in output.files]
    if content is not None:  # hand-written pages, with their chart blocks in place
        for path in sorted(content.rglob("*")):
            if path.is_file():
                src = path.relative_to(content).as_posix()
                if src in output.chart_blocks:
                    written.append((src, replace_chart_blocks(path.read_text(encoding="utf-8"), output.chart_blocks[src])))
                else:
                    written.append((src, path.read_text(encoding="utf-8")))
    for src, text in written:
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"{len(output.pages)} pages and {len(output.files)} other files written to {out}", file=sys.stderr)
    return 0


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
    for source_id in wanted:
        found = [s for s in sentence_coverage(dataset, index, source_id)]
        gaps = [s for s in found if s.covered < args.share]
        missing += len(gaps)
        print(f"{source_id}: {len(found) - len(gaps)} of {len(found)} sentences quoted")
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
        print(f"{url or '/'}: {weight.gzipped / 1024:,.0f} KiB gzipped ({weight.bytes / 1024:,.0f} KiB) in {len(weight.resources)} files")
        if args.verbose:
            for resource in weight.resources:
                print(f"  {resource.gzipped / 1024:8,.1f} KiB gz {resource.bytes / 1024:9,.1f} KiB  {resource.path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer",
        description="Sourced YAML facts to a searchable explainer site. See README.md and CONTRIBUTING.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate the data without building; print every problem as path:line:column: message",
        description="Validate every record in the data folder without building the site. Exit status 0 or 1.",
    )
    check.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    check.set_defaults(func=_cmd_check)

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

    weight = commands.add_parser(
        "weight",
        help="what a reader downloads for a page of the built site, gzipped",
        description=(
            "For each page of a built site, the files a browser downloads to show it (HTML, styles, scripts, the"
            " search index, Plotly.js on chart pages) and their size, gzipped as static hosts serve them."
        ),
    )
    weight.add_argument("pages", nargs="+", help="pages by URL path, such as timeline/ or embed/timeline/ ('' or / for home)")
    weight.add_argument("--site", default="site", help="the built site (default: site)")
    weight.add_argument("-v", "--verbose", action="store_true", help="list every file")
    weight.set_defaults(func=_cmd_weight)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
