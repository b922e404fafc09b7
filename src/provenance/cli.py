"""
The ``provenance`` command: assess, explain, validate and draw ledgers kept
as provenance JSON documents, and run the article demo.

Errors in the input (a missing or unreadable file, a malformed document, an
unknown claim) print one line, ``provenance: error: ...``, on standard error
and exit with status 1; usage errors exit with status 2, as argparse does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys

from collections.abc import Callable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Final

from provenance import render
from provenance.assessment import assess, assess_all
from provenance.claims import Claim
from provenance.errors import ProvenanceError, UnknownClaimError
from provenance.ledger import Ledger
from provenance.policy import DEFAULT_POLICY
from provenance.serialize import loads


__all__ = ["main"]

_PROG: Final = "provenance"
_STDIN: Final = "-"
_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DEMO_SOURCE: Final = "National Intelligence Service"

_INTRODUCTION: Final = (
    "The attributions of a news article on South Korea's accusation that "
    "Russia\nsupplied air defence missiles to North Korea, assessed under the "
    "default policy."
)
_CHANGE: Final = (
    'What if the National Intelligence Service were graded "A" (completely\n'
    'reliable)? By default an agency is trusted as grade "B" (usually reliable),\n'
    "capped at its government's trust: this one is trusted as South Korea is."
)


class _InputError(Exception):
    """
    Bad input: the message is printed as one line, and the command exits 1.
    """


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``provenance`` command with *argv* (default: ``sys.argv[1:]``).

    Args:
        argv: The arguments, without the program name.

    Returns:
        The exit status: 0 on success, 1 for bad input. Usage errors, and
        ``--help``, raise ``SystemExit`` as argparse does.
    """
    args = _parser().parse_args(argv)
    command: Callable[[argparse.Namespace], str] = args.command
    try:
        text = command(args)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``provenance demo | head``): stop quietly, and
        # keep Python from complaining again when it flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except _InputError as exc:
        sys.stderr.write(f"{_PROG}: error: {exc}\n")
        return 1
    return 0


# --- Commands ------------------------------------------------------------------


def _assess(args: argparse.Namespace) -> str:
    ledger = _load(args.file)
    if args.claim is None:
        found = list(assess_all(ledger, as_of=args.as_of).values())
    else:
        claim = _claim(ledger, args.claim, args.file)
        found = [assess(ledger, claim, as_of=args.as_of)]
    if args.format == "json":
        return render.to_json(found)
    if not found and args.as_of is not None:
        return f"no claims as of {args.as_of.isoformat()}"
    return render.summary(found, explain=False)


def _explain(args: argparse.Namespace) -> str:
    ledger = _load(args.file)
    claim = _claim(ledger, args.claim, args.file)
    return render.to_text(assess(ledger, claim, as_of=args.as_of))


def _validate(args: argparse.Namespace) -> str:
    ledger = _load(args.file)
    return (
        f"{_name(args.file)}: a valid provenance document: "
        f"{_count(len(ledger.records), 'record')} ({len(ledger)} held), "
        f"{_count(len(ledger.statements), 'statement')}, "
        f"{_count(len(ledger.claims), 'claim')}, "
        f"{_count(len(ledger.sources), 'source')}, "
        f"{_count(len(ledger.channels), 'channel')}"
    )


def _render(args: argparse.Namespace) -> str:
    ledger = _load(args.file)
    claim = None if args.claim is None else _claim(ledger, args.claim, args.file)
    if args.as_of is not None:
        ledger = ledger.as_of(args.as_of)
    found = assess_all(ledger).values() if claim is None else [assess(ledger, claim)]
    draw = render.to_mermaid if args.format == "mermaid" else render.to_dot
    return draw(ledger, assessments=found, claim=claim)


def _demo(_: argparse.Namespace) -> str:
    document = resources.files("provenance").joinpath("data", "article.json")
    ledger = loads(document.read_bytes())
    before = assess_all(ledger)
    (nis,) = (s for s in ledger.sources if s.name == _DEMO_SOURCE)
    after = assess_all(ledger, DEFAULT_POLICY.graded(nis, "A"))
    return "\n\n".join(
        (
            _INTRODUCTION,
            render.summary(before),
            render.comparison(before, after, title=_CHANGE),
        )
    )


# --- Input ----------------------------------------------------------------------


def _name(file: str) -> str:
    return "<stdin>" if file == _STDIN else file


def _load(file: str) -> Ledger:
    try:
        if file == _STDIN:
            data: str | bytes = (
                sys.stdin.buffer.read()
                if hasattr(sys.stdin, "buffer")
                else sys.stdin.read()
            )
        else:
            data = Path(file).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        msg = f"cannot read {file}: {reason}"
        raise _InputError(msg) from None
    try:
        return loads(data)
    except ProvenanceError as exc:
        msg = f"{_name(file)}: {exc}"
        raise _InputError(msg) from None


def _claim(ledger: Ledger, key: str, file: str) -> Claim:
    try:
        return ledger.claim(key)
    except UnknownClaimError:
        keys = sorted(c.key for c in ledger.claims if c.key is not None)
        close = difflib.get_close_matches(key, keys, n=3)
        if close:
            hint = "did you mean " + " or ".join(repr(k) for k in close) + "?"
        else:
            hint = f"'{_PROG} assess {file}' lists them"
        msg = f"{_name(file)}: no claim with key or id {key!r}; {hint}"
        raise _InputError(msg) from None


def _day(text: str) -> dt.date:
    if not _DAY.fullmatch(text):
        msg = f"expected a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"no such day {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- The parser -------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("provenance-ledger")
    except metadata.PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description=(
            "Record who said what, through whom, and how much to believe it. "
            "Each command reads a provenance JSON document (FILE, or - for "
            "standard input)."
        ),
        epilog=f"Try '{_PROG} demo', then '{_PROG} COMMAND --help'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    commands.required = True

    def command(
        name: str, run: Callable[[argparse.Namespace], str], summary: str, more: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=f"{summary}. {more}")
        sub.set_defaults(command=run)
        return sub

    def file(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "file",
            metavar="FILE",
            help="a provenance JSON document, or - to read standard input",
        )

    def as_of(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--as-of",
            metavar="DATE",
            type=_day,
            help="ignore everything said after DATE (YYYY-MM-DD)",
        )

    sub = command(
        "assess",
        _assess,
        "Assess every claim, or one",
        "Prints each claim's probability, estimative words, confidence and "
        "conflict, most probable first; 'explain' gives the reasons.",
    )
    file(sub)
    sub.add_argument(
        "--claim", metavar="KEY", help="assess only the claim with this key or id"
    )
    as_of(sub)
    sub.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a table for people (default), or JSON with every line of evidence",
    )

    sub = command(
        "explain",
        _explain,
        "Explain one claim's assessment",
        "Prints a tree: the verdict, then each group and line of evidence with "
        "its source, relays, rules and numbers.",
    )
    file(sub)
    sub.add_argument("claim", metavar="CLAIM", help="the claim's key or id")
    as_of(sub)

    sub = command(
        "validate",
        _validate,
        "Check a provenance document",
        "Reads FILE, checking its format, every field, reference and content "
        "id, and counts what it holds.",
    )
    file(sub)

    sub = command(
        "render",
        _render,
        "Draw the ledger as a Graphviz or Mermaid graph",
        "Sources with their affiliations, relays and claims; edges labelled "
        "with stance, channel and date; probabilities on the claims. Pipe DOT "
        "to Graphviz ('dot -Tsvg'), or paste Mermaid into Markdown.",
    )
    file(sub)
    sub.add_argument(
        "--claim", metavar="KEY", help="draw only the records reaching this claim"
    )
    as_of(sub)
    sub.add_argument(
        "--format",
        choices=("dot", "mermaid"),
        default="dot",
        help="Graphviz DOT (default) or a Mermaid flowchart",
    )

    command(
        "demo",
        _demo,
        "Run the news-article example that ships with the package",
        "Explains every claim, most probable first, then shows how one change "
        "of policy moves the numbers.",
    )
    return parser
