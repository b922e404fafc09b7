"""
Coverage-guided fuzzing of the document loader with atheris.

Any input must either load into a ledger that survives a round trip, or
raise a ProvenanceError; anything else (another exception, a crash, a hang)
is a finding.

    pip install atheris            # not a dependency of provenance
    python fuzz/fuzz_loads.py /tmp/corpus -max_total_time=600 -rss_limit_mb=4096

Without atheris, ``python fuzz/fuzz_loads.py --hypothesis N`` runs the same
check over N documents that hypothesis derives from valid ones.
"""

from __future__ import annotations

import json
import sys

from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from provenance import ProvenanceError, dumps, loads
from provenance.serialize import validate


def check(data: bytes) -> None:
    """
    The property: refuse with a ProvenanceError, or load a ledger that
    writes and reads back equal, with and without verification; validate()
    finds problems if, and only if, loads() refuses.
    """
    for verify in (True, False):
        problems = validate(data, verify=verify)
        try:
            ledger = loads(data, verify=verify)
        except ProvenanceError:
            if not problems:
                msg = "validate found nothing in a document loads refused"
                raise AssertionError(msg) from None
            continue
        if problems:
            msg = "validate found problems in a document loads read"
            raise AssertionError(msg)
        again = loads(dumps(ledger))
        if again != ledger:
            msg = "round trip changed the ledger"
            raise AssertionError(msg)


def seeds() -> list[bytes]:
    """
    Valid documents to start from: the committed fixture, and small ledgers.
    """
    root = Path(__file__).resolve().parents[1]
    found = [(root / "tests" / "documents" / "v1.json").read_bytes()]
    found.append((root / "tests" / "documents" / "v2.json").read_bytes())
    fixture = json.loads(found[0])
    found.append(json.dumps(fixture, separators=(",", ":")).encode())
    return found


def run_atheris() -> None:
    import atheris  # noqa: PLC0415  # Optional: only the fuzzer needs it.

    # Seed the first corpus directory named on the command line.
    folders = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    corpus = Path(folders[0] if folders else Path(__file__).parent / "corpus")
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seeds()):
        (corpus / f"seed-{index}.json").write_bytes(seed)
    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


def run_hypothesis(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    seed = json.loads(seeds()[0])

    def mutate(document: object, data: st.DataObject) -> bytes:
        node = document
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            keys = sorted(node) if isinstance(node, dict) else range(len(node))
            key = data.draw(st.sampled_from(list(keys)))
            child = node[key]
            if not isinstance(child, (dict, list)) or not data.draw(st.booleans()):
                node[key] = data.draw(st.from_type(object).filter(_is_json) | st.text())
                break
            node = child
        text = json.dumps(document).encode()
        cut = data.draw(st.integers(0, 3))
        return text[: len(text) - cut] if cut else text

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        check(mutate(json.loads(json.dumps(seed)), data))

    fuzz()


def _is_json(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--hypothesis":  # noqa: PLR2004
        run_hypothesis(int(sys.argv[2]))
    else:
        run_atheris()
