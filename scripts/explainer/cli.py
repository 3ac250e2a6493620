"""The ``explainer`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer",
        description="Sourced YAML facts to a searchable explainer site (see README.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate site_data/ without building; print every problem as path:line:column: message",
        description="Validate every record in the data folder without building the site.",
    )
    check.add_argument("--data", default="site_data", help="the data folder (default: site_data)")
    check.set_defaults(func=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ExplainerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
