"""Command line: ``python -m axisnet <command>``.

Commands:
    validate [DIR]   check the data package in DIR (default: the repository's data folder);
                     print every problem as ``file:row:column: message`` and exit 1, or print a
                     one-line summary and exit 0.
    execute NB...    run notebooks top to bottom on a fresh kernel and store their outputs
    figures [DIR]    execute the chapters and regenerate every figure (SVG, PNG, PDF, CSV) and
                     figures/registry.json; the book build makes the figure index from them.
    export           write the network at a date (--at DATE) or at every date the book uses
                     (--snapshots) as GraphML, GEXF and CSV files, with a README, into --out
                     (default: _build/exports/).

Each command is added to the parser by its own ``add_<name>_command`` function and runs through
the ``func`` default it sets, so further commands plug in the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from axisnet.data import DEFAULT_DATA_DIR, DESCRIPTOR, validate


def _display(directory: str | None, path: Path) -> str:
    """How to name the data folder in messages: as typed, else relative to the cwd if possible."""
    if directory is not None:
        text = directory
    else:
        try:
            text = os.path.relpath(path)
        except ValueError:
            text = str(path)
    return text if text.endswith(("/", os.sep)) else text + "/"


def _count(n: int, noun: str) -> str:
    """``"1 problem"``, ``"2 problems"``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def run_validate(args: argparse.Namespace) -> int:
    """Run ``validate``: print problems to stdout (exit 1) or a summary line (exit 0)."""
    path = DEFAULT_DATA_DIR if args.directory is None else Path(args.directory)
    shown = _display(args.directory, path)
    if not path.is_dir():
        print(f"axisnet validate: {shown} is not a directory", file=sys.stderr)
        return 1
    if not (path / DESCRIPTOR).is_file():
        print(f"axisnet validate: no {DESCRIPTOR} in {shown}", file=sys.stderr)
        return 1
    summary = validate(path)
    if summary.problems:
        for problem in summary.problems:
            print(problem)
        print(f"{shown}: {_count(len(summary.problems), 'problem')}", file=sys.stderr)
        return 1
    print(f"{shown}: {summary.tables} tables, {summary.rows} rows, 0 problems")
    return 0


def add_validate_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate",
        help="check the data package and list every problem",
        description=(
            "Check a data package folder (datapackage.json and its CSV files). Prints every "
            "problem as file:row:column: message and exits 1, or prints a summary and exits 0."
        ),
    )
    parser.add_argument(
        "directory",
        nargs="?",
        default=None,
        metavar="DIR",
        help="folder holding datapackage.json (default: the repository's data folder)",
    )
    parser.set_defaults(func=run_validate)


def run_execute(args: argparse.Namespace) -> int:
    """Run ``execute``: refresh the stored outputs of notebooks, in place, several at a time.

    Each notebook records the digest of the data its outputs were made from, so the tests can
    tell stored outputs made from other data.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    import nbformat
    from nbclient.exceptions import CellExecutionError

    from axisnet.notebook import execute, stamp

    def run(name: str) -> str | None:
        path = Path(name).resolve()
        nb = nbformat.read(path, as_version=4)
        try:
            execute(nb, path.parent, timeout=args.timeout)
        except CellExecutionError as exc:
            return f"axisnet execute: {name}: {exc}"
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        stamp(nb)
        nbformat.write(nb, path)
        print(f"{name}: executed")
        return None

    workers = max(1, min(len(args.notebooks), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        errors = [e for e in pool.map(run, args.notebooks) if e]
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


def add_execute_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``execute`` command."""
    parser = subparsers.add_parser(
        "execute",
        help="run notebooks and store their outputs",
        description="Run each notebook top to bottom on a fresh kernel and save its outputs.",
    )
    parser.add_argument("notebooks", nargs="+", metavar="NB", help="notebook files")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.set_defaults(func=run_execute)


def run_figures(args: argparse.Namespace) -> int:
    """Run ``figures``: regenerate the exported figures and their index."""
    from axisnet.figures import FigureError
    from axisnet.publish import export_all

    try:
        count = export_all(args.directory)
    except FigureError as exc:
        print(f"axisnet figures: {exc}", file=sys.stderr)
        return 1
    print(f"{args.directory}/: {count} figures exported")
    return 0


def add_figures_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``figures`` command."""
    parser = subparsers.add_parser(
        "figures",
        help="regenerate figures/ from the chapters",
        description=(
            "Execute every chapter, then write each registered figure as SVG, PNG, PDF and CSV, "
            "plus figures/registry.json (the book build makes the figure index from it)."
        ),
    )
    parser.add_argument(
        "directory", nargs="?", default="figures", metavar="DIR", help="output folder"
    )
    parser.set_defaults(func=run_figures)


def run_export(args: argparse.Namespace) -> int:
    """Run ``export``: write the networks; one-line message and exit 1 on bad input."""
    from axisnet.data import DataError, cutoff, load
    from axisnet.export import ExportError, book_dates, export

    def fail(message: str) -> int:
        print(f"axisnet export: {message}", file=sys.stderr)
        return 1

    try:
        until = cutoff(args.until) if args.until is not None else None
        if args.at is not None:
            at = cutoff(args.at)
            dates = {at.date().isoformat(): (at, until)}
        else:
            dates = {
                name: (at, until if args.until is not None else cut)
                for name, (at, cut) in book_dates().items()
            }
        layers = None if args.layers is None else [x for x in args.layers.split(",") if x]
        data = load(args.data)
        late = [name for name, (at, cut) in dates.items() if cut is not None and at > cut]
        if late:
            return fail(f"--until {args.until} is before the network's date ({late[0]})")
        files = export(data, dates, args.out, layers=layers)
    except DataError as exc:
        problems = _count(len(exc.problems), "problem")
        return fail(f"the data package has {problems}: run python -m axisnet validate")
    except (ExportError, ValueError, TypeError) as exc:
        return fail(str(exc))
    print(f"{args.out}: {_count(len(files), 'file')} for {_count(len(dates), 'date')}")
    return 0


def add_export_command(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``export`` command."""
    from axisnet.export import DEFAULT_EXPORT_DIR

    parser = subparsers.add_parser(
        "export",
        help="write the network as GraphML, GEXF and CSV for other tools",
        description=(
            "Write the network at a date, or at every date the book's chapters use, as GraphML, "
            "GEXF and node and edge CSV files (three graphs per date: every tie, the ties "
            "collapsed per pair, the book's cooperative network), with a README."
        ),
    )
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--at", metavar="DATE", help="date of the network (YYYY-MM-DD)")
    when.add_argument(
        "--snapshots",
        action="store_true",
        help="every date the chapters use, each with the data the chapter uses",
    )
    parser.add_argument(
        "--until",
        metavar="DATE",
        help="use the data as they stood on DATE (default: all data; with --snapshots, "
        "the book's choice for each date)",
    )
    parser.add_argument(
        "--layers", metavar="LIST", help="comma-separated tie layers to keep (default: all)"
    )
    parser.add_argument(
        "--out", default=str(DEFAULT_EXPORT_DIR), metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--data", default=None, metavar="DIR", help="data package folder (default: data/)"
    )
    parser.set_defaults(func=run_export)


def build_parser() -> argparse.ArgumentParser:
    """The ``axisnet`` argument parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m axisnet",
        description="Tools for the Axis of Resistance network book.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_validate_command(subparsers)
    add_execute_command(subparsers)
    add_figures_command(subparsers)
    add_export_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the command and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors (2) and --help (0)
        return exc.code if isinstance(exc.code, int) else 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
