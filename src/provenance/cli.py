"""
The ``provenance`` command: assess, explain, validate and draw ledgers kept
as provenance JSON documents or in stores (`provenance.store`: ``add``,
``verify`` and ``export`` work on stores, and every command that reads a
document reads a store too), weigh competing hypotheses, and run the article
demo.

Errors in the input (a missing or unreadable file, a malformed document, an
unknown claim, a file larger than the limit) and in the output (a closed or
full standard output, an encoding that cannot write the text) print one
line, ``provenance: error: ...``, on standard error and exit with status 1
(``validate`` prints one such line for each problem in the document, up to
100); usage errors print one line and exit with status 2. No error shows a
traceback. Text from the document is written with control characters, line
breaks and terminal escape sequences escaped.

Documents larger than 512 MiB are refused before they are read; the
``PROVENANCE_MAX_BYTES`` environment variable sets another limit, in bytes
(digits only: any other value is a usage error; values above 2**63 - 1,
the largest file size, read as it). Chains of
more than 100 nested reports are refused; ``--max-depth N`` reads deeper
ones. A pipe, a FIFO or a device is read (or written, as ``-o``) once, as a
document, never as a store; ``-`` is standard input for one input only, and
standard output as ``-o -``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import io
import itertools
import json
import os
import re
import sys
import warnings

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final, NoReturn

from provenance import ach, render
from provenance._files import write_text
from provenance.assessment import assess, assess_all
from provenance.claims import Claim
from provenance.errors import (
    DepthExceededError,
    FileAccessError,
    InvalidValueError,
    ProvenanceError,
    RelationError,
    StoreError,
    TamperedError,
    UnknownClaimError,
    clipped,
    short_repr,
)
from provenance.explain import cut_words
from provenance.ledger import Ledger, _is_id_prefix
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.policy_document import loads_policy
from provenance.records import (
    DEFAULT_MAX_DEPTH,
    Record,
    Report,
    Statement,
    depth_limit,
    max_depth,
)
from provenance.relations import Exclusive, Relation, Relations
from provenance.serialize import dumps, loads, validate
from provenance.sources import Source, SourceKind
from provenance.store import Store, is_store


__all__ = ["main"]

_PROG: Final = "provenance"
_STDIN: Final = "-"
_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DEMO_SOURCE: Final = "National Intelligence Service"
_MAX_BYTES: Final = 512 << 20
#: The largest file offset (a signed 64-bit off_t): no file or stream we
#: read can be longer, so a larger PROVENANCE_MAX_BYTES means the same.
_LARGEST_LIMIT: Final = (1 << 63) - 1
_CHUNK: Final = 1 << 20
#: The most problems ``validate`` lists; it counts the others.
_MAX_PROBLEMS: Final = 100
#: The deepest chain --max-depth allows, as loads does.
_MAX_DEPTH: Final = 100_000
# Characters a terminal may act on, beyond what str.isprintable() flags:
# none; everything not printable except newlines and tabs is escaped.
_KEPT: Final = frozenset("\n\t")

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
    Bad input: each argument is a message printed as one line, and the
    command exits 1.
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
    _tolerant_stderr()
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # Named by the command's own parser, whose help lists its flags.
        usage: argparse.ArgumentParser = getattr(args, "usage", parser)
        usage.error(f"unrecognized arguments: {' '.join(unknown)}")
    command: Callable[[argparse.Namespace], str] = args.command
    _max_bytes()  # Checked before any command runs, as its options are.
    try:
        _check_inputs(args)
        depth = getattr(args, "max_depth", None)
        with depth_limit(max_depth() if depth is None else depth):
            text = command(args)
        if not text.endswith("\n"):
            text += "\n"
        _write(text if getattr(args, "format", None) == "json" else _terminal(text))
    except BrokenPipeError:
        # The reader went away (``provenance demo | head``): stop quietly, and
        # keep Python from complaining again when it flushes at exit.
        _silence_stdout()
        return 1
    except (_InputError, ProvenanceError) as exc:
        # A ProvenanceError here: inputs each valid alone that do not fit
        # together (a policy's base rates for the document's exclusive set).
        for message in exc.args if isinstance(exc, _InputError) else (_said(exc),):
            _error(message)
        return 1
    except MemoryError:
        _error("out of memory (is the document too large?)")
        return 1
    except RecursionError:  # pragma: no cover  # A bug, not the input.
        _error("internal error: recursion too deep (please report)")
        return 70
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    return 0


def _error(message: str) -> None:
    try:
        if sys.stderr is not None:
            line = "".join(
                ch if ch.isprintable() else repr(ch)[1:-1] for ch in message[:900]
            )
            more = "..." if len(message) > 900 else ""  # noqa: PLR2004
            sys.stderr.write(f"{_PROG}: error: {line}{more}\n")
            sys.stderr.flush()
    except (OSError, ValueError):  # Nowhere left to say it.
        pass


def _tolerant_stderr() -> None:
    # An error message must never fail for the terminal's encoding.
    stream = sys.stderr
    if isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _write(text: str) -> None:
    stream = sys.stdout
    if stream is None:
        msg = "cannot write the output: standard output is closed"
        raise _InputError(msg)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = short_repr(exc.object[exc.start : exc.end])
        msg = (
            f"cannot write the output: the output encoding {encoding} cannot "
            f"encode {bad} (set PYTHONIOENCODING=utf-8)"
        )
        raise _InputError(msg) from None
    except LookupError:
        pass  # An unknown codec name: let the stream decide.
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError, UnicodeError) as exc:
        # A full device, a closed stream, an encoding error the check missed.
        _silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        msg = f"cannot write the output: {reason}"
        raise _InputError(msg) from None


def _silence_stdout() -> None:
    # What is left in the buffer would fail again at exit, with a message
    # Python prints itself: send it nowhere instead.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _terminal(text: str) -> str:
    """
    *text* with every character a terminal could act on, other than line
    breaks and tabs, written as its Python escape. The renderers already
    escape what comes from the document; this is the last line of defence.
    """
    if text.replace("\n", "").replace("\t", "").isprintable():  # As it mostly is.
        return text
    return "".join(
        ch if ch.isprintable() or ch in _KEPT else repr(ch)[1:-1] for ch in text
    )


# --- Commands ------------------------------------------------------------------


def _assess(args: argparse.Namespace) -> str:
    policy = _policy(args)
    ledger = _ledger(args, args.claim, policy)
    if args.claim is None:
        found = list(assess_all(ledger, policy=policy, as_of=args.as_of).values())
    else:
        claim = _claim(ledger, args.claim, args.file)
        found = [assess(ledger, claim, policy=policy, as_of=args.as_of)]
    if args.format == "json":
        return render.to_json(found, known_on=args.known_on)
    if not found and args.as_of is not None:
        if not ledger and args.known_on is not None:  # Cut before --as-of is.
            return f"no claims recorded on {args.known_on.isoformat()}"
        return f"no claims {cut_words(args.known_on, args.as_of)}"
    return render.summary(found, explain=False, known_on=args.known_on)


def _explain(args: argparse.Namespace) -> str:
    policy = _policy(args)
    ledger = _ledger(args, args.claim, policy)
    claim = _claim(ledger, args.claim, args.file)
    found = assess(ledger, claim, policy=policy, as_of=args.as_of)
    return render.to_text(found, known_on=args.known_on)


def _ach(args: argparse.Namespace) -> str:
    ledger = _ledger(args)
    hypotheses = _hypotheses(ledger, args.set, args.file, args.known_on)
    found = ach.matrix(
        assess(ledger, hypotheses, policy=_policy(args), as_of=args.as_of)
    )
    if args.format == "json":
        data = found.to_data(known_on=args.known_on)
        return json.dumps(data, indent=2, ensure_ascii=False)
    return found.to_text(known_on=args.known_on)


def _validate(args: argparse.Namespace) -> str:
    dated = args.as_of is not None or args.known_on is not None
    if _is_store(args.file):
        checked = _verify(args)
        ledger = _ledger(args) if dated else None
    else:
        checked, ledger = _validate_document(args)
    if not dated or ledger is None:
        return checked
    # The part of it an assessment with these dates reads, counted.
    if args.as_of is not None:
        ledger = ledger.as_of(args.as_of)
    when = cut_words(args.known_on, args.as_of)
    return f"{checked}\n{_shown(args.file)}: {when}: {_counts(ledger)}"


def _validate_document(args: argparse.Namespace) -> tuple[str, Ledger]:
    if args.known_on is not None:
        msg = "--known-on applies to stores, not documents (use --as-of)"
        raise _InputError(msg)
    data = _read_file(args.file)
    try:
        ledger = loads(data)
    except ProvenanceError as first:
        # The fast path found one problem; look for all of them.
        found = validate(data) or (first,)
        shown = [
            f"{_shown(args.file)}: {_said(problem)}"
            for problem in found[:_MAX_PROBLEMS]
        ]
        if len(found) > _MAX_PROBLEMS:
            more = len(found) - _MAX_PROBLEMS
            shown.append(f"{_shown(args.file)}: ... and {more} more")
        raise _InputError(*shown) from None
    text = f"{_shown(args.file)}: a valid provenance document: {_counts(ledger)}"
    return text, ledger


def _counts(ledger: Ledger) -> str:
    return (
        f"{_count(len(ledger.reached), 'record')} ({len(ledger)} held), "
        f"{_count(len(ledger.statements), 'statement')}, "
        f"{_count(len(ledger.claims), 'claim')}, "
        f"{_count(len(ledger.sources), 'source')}, "
        f"{_count(len(ledger.channels), 'channel')}"
    )


def _render(args: argparse.Namespace) -> str:
    policy = _policy(args)
    ledger = _ledger(args, args.claim, policy)
    claim = None if args.claim is None else _claim(ledger, args.claim, args.file)
    # Assessed as of --as-of, as `assess --as-of` assesses (ages for time
    # decay run to that day, not to the last statement), so the numbers
    # drawn are those it prints and the graph states the day.
    found = (
        assess_all(ledger, policy=policy, as_of=args.as_of).values()
        if claim is None
        else [assess(ledger, claim, policy=policy, as_of=args.as_of)]
    )
    if args.as_of is not None:
        ledger = ledger.as_of(args.as_of)
    draw = render.to_mermaid if args.format == "mermaid" else render.to_dot
    return draw(ledger, assessments=found, claim=claim, known_on=args.known_on)


def _report(args: argparse.Namespace) -> str:
    ledger = _ledger(args)
    found = assess_all(ledger, policy=_policy(args), as_of=args.as_of)
    try:
        page = render.to_html(
            found,
            known_on=args.known_on,
            title=args.title,
            graphviz={"auto": None, "graphviz": True, "builtin": False}[args.layout],
        )
    except ProvenanceError as exc:  # --layout graphviz without Graphviz
        msg = exc.msg
        if "not installed" in msg:  # Command-line advice, not the API's.
            msg = "Graphviz's dot is not installed (use --layout auto or builtin)"
        raise _InputError(msg) from None
    if _to_stdout(args):
        return page
    _write_output(args, page)
    return f"wrote {_shown(args.output)}: a report on {_count(len(found), 'claim')}"


# --- export --to: STIX 2.1, ClaimReview and W3C PROV --------------------------------

_EXPORT_FORMATS: Final = (
    "provenance",
    "stix",
    "claimreview",
    "prov-json",
    "prov-n",
    "prov-xml",
    "turtle",
)
# Each PROV format as the prov package names it, with its options.
_PROV_FORMATS: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "prov-json": ("json", {}),
    "prov-n": ("provn", {}),
    "prov-xml": ("xml", {}),
    "turtle": ("rdf", {"rdf_format": "turtle"}),
}


#: The export flags that apply to some formats only, and those formats.
_EXPORT_FLAGS: Final = {
    "--author": ("stix", "claimreview"),
    "--publisher-url": ("claimreview",),
    "--date": ("claimreview",),
    "--claim": ("claimreview",),
}


#: The options ``export --to claimreview`` passes to ``to_claimreview``, by
#: its parameter: the call is made from them, and its errors name the option.
_CLAIMREVIEW_OPTIONS: Final = {
    "publisher_url": "--publisher-url",
    "author": "--author",
    "date_published": "--date",
}


def _export_to(args: argparse.Namespace) -> str:
    """
    Write the ledger of *args.file* in another format: to standard output
    (JSON with every non-ASCII character escaped, so that nothing in it can
    act on a terminal), or exactly, as UTF-8, to *args.output*.
    """
    unused = [
        flag
        for flag, formats in _EXPORT_FLAGS.items()
        if _given(args, flag) is not None and args.to not in formats
    ]
    if unused:
        msg = f"--to {args.to} takes no {', '.join(unused)}"
        raise _InputError(msg)
    if args.to == "provenance":
        return _export(args)
    if args.to == "claimreview":
        missing = [
            option
            for option in _CLAIMREVIEW_OPTIONS.values()
            if _given(args, option) is None
        ]
        if missing:
            msg = f"--to claimreview needs {', '.join(missing)} (the publisher's)"
            raise _InputError(msg)
    policy = _policy(args)
    ledger = _ledger(args, args.claim, policy)
    found: Mapping[Claim, Any]
    if args.claim is not None:
        # Looked up in the whole ledger, then assessed as of --as-of, as
        # assess and explain do: a claim nothing was said on by then is
        # still found, and its review says so.
        claim = _claim(ledger, args.claim, args.file)
        found = {claim: assess(ledger, claim, policy=policy, as_of=args.as_of)}
    else:
        # Assessed as of --as-of (ages under time decay run to that day, as
        # with --claim), then written from the records made by then.
        found = assess_all(ledger, policy=policy, as_of=args.as_of)
        if args.as_of is not None:
            ledger = ledger.as_of(args.as_of)
    try:
        text = _export_text(ledger, found, args)
    except ProvenanceError as exc:
        raise _InputError(str(exc)) from None
    if _to_stdout(args):
        return text
    _write_output(args, text + "\n")
    return f"{_shown(args.output)}: written as {args.to}"


def _given(args: argparse.Namespace, option: str) -> Any:
    # The value of an option of export, None when it was not given.
    return getattr(args, option[2:].replace("-", "_"), None)


def _export_text(
    ledger: Ledger, found: Mapping[Claim, Any], args: argparse.Namespace
) -> str:
    ascii_only = _to_stdout(args)
    if args.to == "stix":
        from provenance.interop.stix import to_stix  # noqa: PLC0415

        producer = None
        if args.author is not None:
            try:
                producer = Source(name=args.author, kind=SourceKind.ORGANISATION)
            except ProvenanceError as exc:
                msg = f"--author {exc.msg}"
                raise _InputError(msg) from None
        bundle = to_stix(ledger, found, producer=producer)
        return json.dumps(bundle, indent=2, ensure_ascii=ascii_only)
    if args.to == "claimreview":
        from provenance.interop.claimreview import to_claimreview  # noqa: PLC0415

        given = {
            name: _given(args, option) for name, option in _CLAIMREVIEW_OPTIONS.items()
        }
        try:
            reviews = [to_claimreview(a, **given) for a in found.values()]
        except InvalidValueError as exc:
            option = _CLAIMREVIEW_OPTIONS.get(exc.path.removeprefix("to_claimreview."))
            if option is None:  # pragma: no cover  # Every argument is an option.
                raise
            value = exc.value
            shown = (
                value.isoformat() if isinstance(value, dt.date) else short_repr(value)
            )
            msg = f"{option} {exc.msg} (got {shown})"
            raise _InputError(msg) from None
        data = reviews[0] if args.claim else reviews
        return json.dumps(data, indent=2, ensure_ascii=ascii_only)
    return _export_prov(ledger, found, args.to)


def _export_prov(ledger: Ledger, found: Mapping[Claim, Any], to: str) -> str:
    try:
        from provenance.interop.prov import to_prov  # noqa: PLC0415
    except ImportError:
        msg = f"--to {to} needs the 'prov' extra: pip install 'provenance-ledger[prov]'"
        raise _InputError(msg) from None
    fmt, options = _PROV_FORMATS[to]
    with warnings.catch_warnings():
        # rdflib warns about its own API, which prov's RDF writer uses.
        warnings.simplefilter("ignore", DeprecationWarning)
        text = to_prov(ledger, found.values()).serialize(format=fmt, **options)
    return text or ""  # prov returns None only when given a destination.


def _demo(_: argparse.Namespace) -> str:
    document = resources.files("provenance").joinpath("data", "article.json")
    ledger = loads(document.read_bytes())
    before = assess_all(ledger)
    (nis,) = (s for s in ledger.sources if s.name == _DEMO_SOURCE)
    after = assess_all(ledger, policy=DEFAULT_POLICY.with_grade(nis, "A"))
    return "\n\n".join(
        (
            _INTRODUCTION,
            render.summary(before),
            render.comparison(before, after, title=_CHANGE),
        )
    )


# --- Stores ---------------------------------------------------------------------


def _add(args: argparse.Namespace) -> str:
    """
    ``add STORE FILE...``: every document's records and relations, added in
    one transaction, so that the store takes all the documents or none.
    """
    files: list[str] = args.files
    ledgers = [_load(file) for file in files]
    batches = [[*ledger, *ledger.relations] for ledger in ledgers]
    relations = [ledger.relations for ledger in ledgers]
    # os.path.exists, unlike Path.exists on 3.11, is False for a path no
    # file can have (too long, a NUL byte): Store.open then says what fails.
    fresh = not os.path.exists(args.store)  # noqa: PTH110  # see above
    if len(files) > 1 and args.store != _STDIN and fresh:
        # A new store (or a link to none): the documents' relations are
        # checked together before it is made, as the store would check them,
        # so that a conflict leaves no store behind. Removing the store
        # afterwards instead could lose the records of a process that opened
        # it meanwhile: it would add them to the removed file, and say so.
        try:
            Relations.of(itertools.chain.from_iterable(relations))
        except RelationError as exc:
            file, said = _conflict(exc, files, relations, frozenset())
            msg = f"{_shown(file)}: {said}; nothing was added to {_shown(args.store)}"
            raise _InputError(msg) from None
    with _opened(args.store) as store:
        try:
            new = store.add(itertools.chain.from_iterable(batches))
        except ProvenanceError as exc:
            # The store's own errors name it; a conflict is named by the
            # document that brings it, as every error in a document is.
            msg = f"{_said(exc)}; nothing was added"
            late = _made_late(exc, files, batches)
            if late is not None:
                msg = f"{late}; nothing was added to {_shown(args.store)}"
            if isinstance(exc, RelationError):
                held = _held_relations(store, relations)
                file, said = _conflict(exc, files, relations, held)
                msg = (
                    f"{_shown(file)}: {said}; nothing was added to {_shown(args.store)}"
                )
            raise _InputError(msg) from None
        lines = [
            f"{_shown(file)}: {count} new of {len(batch)}"
            for file, batch, count in zip(
                files, batches, _new_counts(batches, new), strict=True
            )
        ]
        lines.append(f"{_shown(args.store)}: {_count(len(store), 'record')} held")
    return "\n".join(lines)


def _made_late(
    exc: ProvenanceError,
    files: Sequence[str],
    batches: Sequence[Sequence[Record | Relation]],
) -> str | None:
    """
    The store's refusal of a record made after the day it is recorded, named
    by its document and its made_on, not by its place among every
    document's records; ``None`` for any other error.
    """
    found = re.fullmatch(r"Store\.add\[(\d+)\]\.made_on", exc.path)
    if not isinstance(exc, InvalidValueError) or found is None:
        return None
    index = int(found[1])
    for file, batch in zip(files, batches, strict=True):
        if index < len(batch):
            record = batch[index]
            if isinstance(record, (Statement, Report)):
                return (
                    f"{_shown(file)}: {exc.msg}: made on "
                    f"{record.made_on.isoformat()} (id {record.id[:12]})"
                )
            break
        index -= len(batch)
    return None  # pragma: no cover  # the store names a record given


def _new_counts(
    batches: Sequence[Sequence[Record | Relation]],
    new: Sequence[Record | Relation],
) -> list[int]:
    """
    How many of *new* each batch brought: a value in several batches counts
    for the first, as it would had each been added in turn.
    """
    if len(batches) == 1:
        return [len(new)]
    # The store keeps each value once, by content id: so are they told apart.
    first: dict[str, int] = {}
    for index, batch in enumerate(batches):
        for item in batch:
            first.setdefault(item.id, index)
    counts = [0] * len(batches)
    for item in new:
        counts[first[item.id]] += 1
    return counts


def _conflict(
    exc: RelationError,
    files: Sequence[str],
    relations: Sequence[frozenset[Relation]],
    held: frozenset[Relation],
) -> tuple[str, str]:
    """
    For relations that cannot all hold: the first document whose relations
    cannot hold with those of the documents before it and those the store
    holds (*held*), and the error its relations meet.
    """
    taken = set(held)
    for file, batch in zip(files, relations, strict=True):
        taken.update(batch)
        try:
            Relations.of(taken)
        except RelationError as found:
            return file, _said(found)
    # Not met again (the store changed in between): the last one brought it.
    return files[-1], _said(exc)


def _held_relations(
    store: Store, relations: Sequence[frozenset[Relation]]
) -> frozenset[Relation]:
    """
    Every relation *store* holds: read with a claim the documents' relations
    name, if the store knows one (the part of the ledger that claim's
    assessment reads holds every relation), else with the whole ledger.
    """
    for batch in relations:
        for relation in batch:
            for claim in relation.claims:
                with contextlib.suppress(UnknownClaimError):
                    return store.ledger(claim=claim).relations
    return store.ledger().relations if len(store) else frozenset()


def _verify(args: argparse.Namespace) -> str:
    with _opened(args.file, create=False) as store:
        problems = store.verify()
        if problems:
            shown = [f"{_shown(args.file)}: {problem}" for problem in problems]
            raise _InputError(*shown)
        return (
            f"{_shown(args.file)}: a valid provenance store: "
            f"{_count(len(store), 'record')} held; every id and the hash chain "
            f"check out (head {store.head})"
        )


def _export(args: argparse.Namespace) -> str:
    """
    ``export --to provenance``: the ledger of a store (or a document) as a
    document.
    """
    ledger = _ledger(args)
    if args.as_of is not None:
        ledger = ledger.as_of(args.as_of)
    text = dumps(ledger, indent=2)
    if _to_stdout(args):
        return text
    _write_output(args, text + "\n")
    return f"{_shown(args.output)}: {_count(len(ledger), 'record')} written"


def _to_stdout(args: argparse.Namespace) -> bool:
    """
    Whether the output goes to standard output: no ``-o``, or ``-o -``.
    """
    return getattr(args, "output", None) in (None, _STDIN)


def _inputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """
    Every input path the command reads, each with the argument that names
    it (FILE, --policy): what ``-o`` may not write over, and what may not
    all be ``-``.
    """
    found = [("FILE", file) for file in getattr(args, "files", None) or ()]
    for label, name in (("FILE", "file"), ("--policy", "policy")):
        value = getattr(args, name, None)
        if value is not None:
            found.append((label, value))
    return found


def _check_inputs(args: argparse.Namespace) -> None:
    """
    Refuse ``-`` for more than one input: standard input is read once.
    """
    labels = [label for label, file in _inputs(args) if file == _STDIN]
    if len(labels) > 1:
        named = " and ".join(dict.fromkeys(labels))
        if len(set(labels)) == 1:
            named = f"{named} {len(labels)} times"
        msg = (
            f"- (standard input) is given for {named}: standard input can be "
            "read once; give the others as paths"
        )
        raise _InputError(msg)


def _write_output(args: argparse.Namespace, text: str) -> None:
    """
    Write *text* to ``-o OUT``: never over an input (FILE, --policy), nor
    (as every document writer) over a store or its log, index or journal,
    and through a new file put in place, so a failed write loses nothing
    (a pipe or a device is written to as it is).
    """
    output: str = args.output
    path = Path(output)
    if path.exists():
        for _, source in _inputs(args):
            if source == _STDIN:
                continue
            with contextlib.suppress(OSError, ValueError):
                if path.samefile(source):
                    msg = f"refusing to write over the input {_shown(output)}"
                    raise _InputError(msg)
    try:
        write_text(output, text, "output")
    except FileAccessError as exc:
        cause = exc.__cause__
        reason = cause.strerror if isinstance(cause, OSError) else None
        msg = f"cannot write {_shown(output)}: {reason or exc.msg}"
        raise _InputError(msg) from None


def _is_store(file: str) -> bool:
    return file != _STDIN and is_store(file)


@contextlib.contextmanager
def _opened(file: str, *, create: bool = True) -> Iterator[Store]:
    """
    The store at *file*, closed afterwards; its errors as input errors.
    """
    if file == _STDIN:
        msg = "a store cannot be read from standard input"
        raise _InputError(msg)
    if not create and not Path(file).exists():
        msg = f"cannot read {_shown(file)}: No such file or directory"
        raise _InputError(msg)
    try:
        store = Store.open(file)
    except ProvenanceError as exc:
        raise _InputError(_store_said(file, exc)) from None
    try:
        yield store
    except ProvenanceError as exc:
        raise _InputError(_store_said(file, exc)) from None
    finally:
        store.close()


def _store_said(file: str, exc: ProvenanceError) -> str:
    """
    *exc*, raised by the store at *file*, as a line naming the store, and
    for a store altered behind the library's back the command that lists
    every change.
    """
    if isinstance(exc, StoreError) and not isinstance(exc, TamperedError):
        return _said(exc)  # Its path is the store's file.
    text = f"{_shown(file)}: {_said(exc)}"
    if isinstance(exc, TamperedError):
        text += f"; '{_PROG} verify {_shown(file)}' lists every change"
    return text


def _ledger(
    args: argparse.Namespace, claim: str | None = None, policy: Policy = DEFAULT_POLICY
) -> Ledger:
    """
    The ledger of FILE, a document or a store (as known on ``--known-on``;
    only the part that assessing *claim* under *policy* reads, if given, as
    the store decides it for `Store.assess`).
    """
    known_on = getattr(args, "known_on", None)
    if not _is_store(args.file):
        if known_on is not None:
            msg = "--known-on applies to stores, not documents (use --as-of)"
            raise _InputError(msg)
        return _load(args.file)
    with _opened(args.file, create=False) as store:
        if claim is not None:
            try:
                found = store.claim(claim)
            except UnknownClaimError:
                # Let _claim() name the closest keys, from the whole store.
                return store.ledger(known_on=known_on)
            ledger = store.ledger(known_on=known_on, claim=found, policy=policy)
            if known_on is not None and found not in ledger.claims:
                raise _not_yet(args.file, f"claim {short_repr(claim)}", known_on)
            return ledger
        return store.ledger(known_on=known_on)


def _not_yet(file: str, what: str, known_on: dt.date) -> _InputError:
    """
    The error for *what* (a claim, a set) that the store at *file* holds
    but had not recorded by the end of *known_on*: not "no such claim".
    """
    msg = (
        f"{_shown(file)}: {what} was not yet recorded on "
        f"{known_on.isoformat()} (--known-on)"
    )
    return _InputError(msg)


# --- Input ----------------------------------------------------------------------


def _name(file: str) -> str:
    return "<stdin>" if file == _STDIN else file


def _max_bytes() -> int:
    """
    The limit ``PROVENANCE_MAX_BYTES`` sets, or the default. Any other value
    than digits is a usage error: a cap the operator meant must never be
    dropped for the default without a word.
    """
    text = os.environ.get("PROVENANCE_MAX_BYTES")
    if text is None:
        return _MAX_BYTES
    if not (text.isascii() and text.isdigit()):
        _error(
            "PROVENANCE_MAX_BYTES must be a number of bytes, in digits only "
            f"(such as 67108864), got {short_repr(text)}"
        )
        raise SystemExit(2)
    # int() refuses more than 4,300 digits (sys.get_int_max_str_digits()),
    # and any limit past the largest offset reads as that one.
    digits = text.lstrip("0")
    if len(digits) > len(str(_LARGEST_LIMIT)):
        return _LARGEST_LIMIT
    return min(int(digits or "0"), _LARGEST_LIMIT)


def _load(file: str) -> Ledger:
    data = _read_file(file)
    try:
        return loads(data)
    except ProvenanceError as exc:
        msg = f"{_shown(file)}: {_said(exc)}"
        raise _InputError(msg) from None


def _said(exc: ProvenanceError) -> str:
    """
    *exc*'s message, with the command-line way past a depth limit.
    """
    text = str(exc)
    if isinstance(exc, DepthExceededError):
        hint = "give --max-depth N to read deeper chains"
        # "... (limit 100)" -> "... (limit 100; give --max-depth N ...)"
        text = f"{text[:-1]}; {hint})" if text.endswith(")") else f"{text} ({hint})"
    return text


def _policy(args: argparse.Namespace) -> Policy:
    """
    The policy of ``--policy FILE``, or the default policy.
    """
    file: str | None = getattr(args, "policy", None)
    if file is None:
        return DEFAULT_POLICY
    data = _read_file(file)
    try:
        return loads_policy(data)
    except ProvenanceError as exc:
        msg = f"{_shown(file)}: {exc}"
        raise _InputError(msg) from None


def _read_file(file: str) -> str | bytes:
    limit = _max_bytes()
    try:
        if file == _STDIN:
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            if stream is None:
                msg = "cannot read <stdin>: standard input is closed"
                raise _InputError(msg)
            data: str | bytes = _read(stream, limit)
        else:
            with Path(file).open("rb") as handle:
                data = _read(handle, limit, os.fstat(handle.fileno()).st_size)
    except _TooLargeError:
        msg = f"{_shown(file)}: larger than the limit of {limit} bytes"
        msg += " (set PROVENANCE_MAX_BYTES to read it)"
        raise _InputError(msg) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        msg = f"cannot read {_shown(file)}: {reason}"
        raise _InputError(msg) from None
    if isinstance(data, bytes) and data.startswith(_SQLITE_HEADER):
        msg = (
            f"{_shown(file)}: an SQLite file, not a document "
            "(a store is read by its path; `provenance export` writes its document)"
        )
        raise _InputError(msg)
    return data


#: The first bytes of every SQLite file, so of every store.
_SQLITE_HEADER: Final = b"SQLite format 3\x00"


class _TooLargeError(Exception):
    pass


def _read(stream: object, limit: int, size: int = 0) -> str | bytes:
    """
    At most *limit* bytes (or characters) from *stream*, read in chunks so
    that an endless or huge input (``/dev/zero``) is refused within the
    limit, never read whole; *size*, if known, is refused at once.
    """
    if size > limit:
        raise _TooLargeError
    read: Callable[[int], str | bytes] = stream.read  # type: ignore[attr-defined]  # a file
    chunks: list[str | bytes] = []
    total = 0
    while chunk := read(min(_CHUNK, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _TooLargeError
    if chunks and isinstance(chunks[0], str):
        return "".join(chunks)  # type: ignore[arg-type]  # all str
    return b"".join(chunks)  # type: ignore[arg-type]  # all bytes


def _shown(file: str) -> str:
    return clipped(_name(file), 200)


def _claim(ledger: Ledger, key: str, file: str) -> Claim:
    try:
        return ledger.claim(key)
    except UnknownClaimError as exc:
        prefix = _is_id_prefix(key)
        if any(
            c.key == key or (prefix and c.id.startswith(key)) for c in ledger.claims
        ):
            # The key (or the id's prefix) is there, on several claims: the
            # ledger's message lists the start of their ids, which a lookup
            # takes, and JSON shows every one whole.
            msg = (
                f"{_shown(file)}: {exc.msg} "
                f"('{_PROG} assess {_shown(file)} --format json' shows the ids)"
            )
            raise _InputError(msg) from None
        keys = sorted({c.key for c in ledger.claims if c.key is not None})
        close = difflib.get_close_matches(key, keys, n=3)
        if close:
            hint = "did you mean " + " or ".join(repr(k) for k in close) + "?"
        else:
            hint = f"'{_PROG} assess {_shown(file)}' lists them"
        msg = f"{_shown(file)}: no claim with key or id {short_repr(key)}; {hint}"
        raise _InputError(msg) from None


def _hypotheses(
    ledger: Ledger, key: str, file: str, known_on: dt.date | None
) -> Exclusive:
    """
    The exclusive set *key* of *ledger*, read from *file* (a store, as known
    on *known_on*, if given).
    """
    try:
        return ledger.hypotheses(key)
    except UnknownClaimError:
        if known_on is not None and _holds_set(file, key):
            raise _not_yet(file, f"exclusive set {short_repr(key)}", known_on) from None
        keys = [found.key for found in ledger.related.sets] if ledger.relations else []
        close = difflib.get_close_matches(key, keys, n=3)
        if close:
            hint = "did you mean " + " or ".join(repr(k) for k in close) + "?"
        elif keys:
            hint = "it holds " + ", ".join(repr(k) for k in keys[:10])
        else:
            hint = "it holds none"
        msg = f"{_shown(file)}: no exclusive set {short_repr(key)}; {hint}"
        raise _InputError(msg) from None


def _holds_set(file: str, key: str) -> bool:
    """
    Whether the store at *file* holds the exclusive set *key* now: read
    only to name the error when a cut of it lacks the set.
    """
    with _opened(file, create=False) as store:
        held = store.ledger()
    return bool(held.relations) and held.related.set_named(key) is not None


def _path(text: str) -> str:
    if not text:
        msg = "expected a path, got an empty one"
        raise argparse.ArgumentTypeError(msg)
    return text


def _day(text: str) -> dt.date:
    if not _DAY.fullmatch(text):
        msg = f"expected a date as YYYY-MM-DD, got {short_repr(text)}"
        raise argparse.ArgumentTypeError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"no such day {short_repr(text)}"
        raise argparse.ArgumentTypeError(msg) from None


def _depth(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= _MAX_DEPTH:
        msg = (
            f"expected a number of reports from 1 to {_MAX_DEPTH:,}, "
            f"got {short_repr(text)}"
        )
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- The parser -------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("provenance-ledger")
    except metadata.PackageNotFoundError:
        return "unknown"


class _Parser(argparse.ArgumentParser):
    """
    An argument parser whose usage errors are one line, like input errors.
    """

    def error(self, message: str) -> NoReturn:
        _error(f"{message} (try '{self.prog} --help')")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:  # noqa: PLR0915  # a block a command
    parser = _Parser(
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
        sub.set_defaults(command=run, usage=sub)
        return sub

    def file(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "file",
            metavar="FILE",
            type=_path,
            help="a provenance JSON document or store, or - to read standard input",
        )

    def policy(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--policy",
            metavar="FILE",
            type=_path,
            help="assess under the policy in FILE, a policy document "
            "(provenance.policy_document); default: the default policy",
        )

    def depth(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--max-depth",
            metavar="N",
            type=_depth,
            help="read chains of up to N nested reports (default: "
            f"{DEFAULT_MAX_DEPTH}; at most {_MAX_DEPTH:,})",
        )

    def as_of(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--as-of",
            metavar="DATE",
            type=_day,
            help="ignore everything said after DATE (YYYY-MM-DD)",
        )
        sub.add_argument(
            "--known-on",
            metavar="DATE",
            type=_day,
            help="a store only: what it held at the end of DATE (UTC)",
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
        "--claim",
        metavar="KEY",
        help="assess only the claim with this key or id (or its first 8+ digits)",
    )
    as_of(sub)
    depth(sub)
    policy(sub)
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
    sub.add_argument(
        "claim", metavar="CLAIM", help="the claim's key or id (or its first 8+ digits)"
    )
    as_of(sub)
    depth(sub)
    policy(sub)

    sub = command(
        "ach",
        _ach,
        "Weigh competing hypotheses (Analysis of Competing Hypotheses)",
        "Prints the matrix of evidence against an exclusive set of hypotheses: "
        "each item's bearing on each hypothesis (CC, C, N, I, II) and its "
        "diagnosticity, most diagnostic first, with each hypothesis's "
        "probability and the evidence against it.",
    )
    file(sub)
    sub.add_argument("set", metavar="SET", help="the key of the exclusive set")
    as_of(sub)
    depth(sub)
    policy(sub)
    sub.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a table for people (default), or JSON with every number",
    )

    sub = command(
        "validate",
        _validate,
        "Check a provenance document",
        "Reads FILE, checking its format, every field, reference and content "
        "id, and counts what it holds; lists every problem it finds, one a "
        "line, each with its JSON path. With --as-of or --known-on, also "
        "counts what an assessment with those dates reads.",
    )
    file(sub)
    as_of(sub)
    depth(sub)

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
    depth(sub)
    policy(sub)
    sub.add_argument(
        "--format",
        choices=("dot", "mermaid"),
        default="dot",
        help="Graphviz DOT (default) or a Mermaid flowchart",
    )

    sub = command(
        "add",
        _add,
        "Add documents to a store, creating it",
        "Appends every record and relation of each FILE (provenance JSON "
        "documents) to STORE, an append-only SQLite file, each once; prints "
        "how many were new.",
    )
    sub.add_argument("store", metavar="STORE", type=_path, help="the store's file")
    sub.add_argument(
        "files",
        metavar="FILE",
        type=_path,
        nargs="+",
        help="a provenance JSON document, or -",
    )
    depth(sub)

    sub = command(
        "verify",
        _verify,
        "Check a store for tampering",
        "Recomputes every content id from the stored text and the hash chain "
        "over the entries; lists every problem, one a line.",
    )
    sub.add_argument("file", metavar="STORE", type=_path, help="the store's file")
    depth(sub)

    sub = command(
        "report",
        _report,
        "Write an HTML report",
        "One self-contained page, with no network access when opened: every "
        "claim, most probable first, with its probability, words and "
        "confidence; each claim's explanation as a tree that expands; the "
        "competing hypotheses; and the graph of who said what, through whom.",
    )
    file(sub)
    sub.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=_path,
        help="write the page to OUT (default: standard output)",
    )
    as_of(sub)
    depth(sub)
    policy(sub)
    sub.add_argument("--title", metavar="TEXT", help="the page's title")
    sub.add_argument(
        "--layout",
        choices=("auto", "graphviz", "builtin"),
        default="auto",
        help="lay the graph out with Graphviz's dot if installed (auto, the "
        "default), with it (graphviz), or with the built-in layout (builtin)",
    )

    sub = command(
        "export",
        _export_to,
        "Write the ledger as a document, STIX 2.1, ClaimReview or W3C PROV",
        "--to provenance (the default) writes a provenance JSON document (of "
        "a store, say), stix writes a STIX 2.1 bundle (with every claim's assessment), "
        "claimreview a schema.org ClaimReview per assessed claim (it needs the "
        "publisher's --publisher-url, --author and --date), and prov-json, "
        "prov-n, prov-xml and turtle W3C PROV (they need the 'prov' extra). "
        "STIX, ClaimReview and PROV carry each claim's assessment under "
        "--policy (default: the default policy); a provenance document has "
        "no numbers and ignores it.",
    )
    file(sub)
    _export_arguments(sub)
    as_of(sub)
    depth(sub)
    policy(sub)

    command(
        "demo",
        _demo,
        "Run the news-article example that ships with the package",
        "Explains every claim, most probable first, then shows how one change "
        "of policy moves the numbers.",
    )
    return parser


def _export_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--to",
        choices=_EXPORT_FORMATS,
        default="provenance",
        help="the format to write (default: a provenance JSON document)",
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=_path,
        help="write to OUT (default: standard output)",
    )
    sub.add_argument(
        "--publisher-url", metavar="URL", help="the publisher's address (claimreview)"
    )
    sub.add_argument(
        "--author",
        metavar="NAME",
        help="the publisher's name (claimreview), or the bundle's producer (stix)",
    )
    sub.add_argument(
        "--date", metavar="DATE", type=_day, help="the day of publication (claimreview)"
    )
    sub.add_argument(
        "--claim",
        metavar="KEY",
        help="review only the claim with this key (claimreview)",
    )
