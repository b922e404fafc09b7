"""
provenance.render: the text tree, the ranked summary, the comparison, the
JSON data, and the DOT and Mermaid graphs (with hostile names).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata

from importlib import resources

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import provenance as pv

from provenance import render
from provenance.testing import ledgers, names

from cast import BRIEFING, LAWMAKERS, PAPER
from cast import INTELLIGENCE_SERVICE as NIS
from cast import SEOUL as KOREA


DAY = dt.date(2024, 11, 22)
ARTILLERY = pv.Claim(text="North Korea sent artillery to Russia.", key="artillery")
SHELLS = pv.Claim(text="North Korea sent shells to Russia.", key="shells")
BRIEFED = pv.Statement(
    source=NIS,
    claim=ARTILLERY,
    stance=pv.Stance.from_verb("reported"),
    channel=BRIEFING,
    made_on=DAY,
)
REVEALED = pv.Statement(
    source=NIS, claim=SHELLS, stance=pv.Stance.from_verb("revealed"), made_on=DAY
)
RELAYED = pv.Report(reporter=LAWMAKERS, content=BRIEFED, made_on=DAY)
PRINTED = pv.Report(reporter=PAPER, content=RELAYED, made_on=DAY)
LEDGER = pv.Ledger.of([PRINTED, REVEALED])

HOSTILE = 'a "quote" \\ back\\"slash\r\nnew [line] #35; |pipe| <br> %% end;\x00\x7f'


def _article() -> pv.Ledger:
    document = resources.files("provenance").joinpath("data", "article.json")
    return pv.loads(document.read_bytes())


def _with_probability(assessment: pv.Assessment, probability: float) -> pv.Assessment:
    return attrs.evolve(assessment, opinion=pv.Opinion.dogmatic(probability))


def _clean(text: str) -> str:
    """
    What a label shows of *text*: line breaks kept, other control characters,
    line and paragraph separators and bidirectional controls as U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    return "".join(
        ch
        if ch in "\n\t"
        or (unicodedata.category(ch) not in {"Cc", "Zl", "Zp"} and ch not in bidi)
        else "\ufffd"
        for ch in text
    )


def _flat(text: str) -> str:
    # Claim texts are wrapped at spaces: compare with line breaks as spaces.
    return text.replace("\n", " ")


def _hostile_ledger() -> pv.Ledger:
    boss = pv.Source(name=HOSTILE + " boss", kind=pv.SourceKind.GOVERNMENT)
    source = pv.Source(
        name=HOSTILE, kind=pv.SourceKind.PERSON, role=HOSTILE, affiliation=boss
    )
    claim = pv.Claim(text=HOSTILE + " " + "word " * 20, key="hostile")
    channel = pv.Channel(kind=pv.ChannelKind.OTHER, name=HOSTILE, audience=HOSTILE)
    statement = pv.Statement(
        source=source,
        claim=claim,
        stance=pv.Stance.of("CT+", HOSTILE),
        channel=channel,
        made_on=DAY,
    )
    return pv.Ledger.of(
        [pv.Report(reporter=boss, content=statement, channel=channel, made_on=DAY)]
    )


def _hostile_texts(ledger: pv.Ledger) -> list[str]:
    """
    Every name and text a graph of *ledger* must show, as it shows them.
    """
    texts = [_clean(s.name) for s in ledger.sources]
    texts += [_clean(s.role) for s in ledger.sources if s.role is not None]
    texts += [_clean(c.text) for c in ledger.claims]
    texts += [_clean(s.stance.act) for s in ledger.statements]
    texts += [_clean(str(c)) for c in ledger.channels]
    return texts


# --- A small parser of the DOT and Mermaid this module writes -------------------

_DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
_DOT_ATTRIBUTE = rf"\w+=(?:{_DOT_STRING}|\w+)"
_DOT_LINE = re.compile(
    rf"  ([sc]_[0-9a-f]{{64}})(?: -> ([sc]_[0-9a-f]{{64}}))? "
    rf"\[({_DOT_ATTRIBUTE}(?:, {_DOT_ATTRIBUTE})*)\];"
)
_DOT_LABEL = re.compile(rf"label=({_DOT_STRING})")
_DOT_HEADER = [
    "digraph provenance {",
    "  graph [rankdir=LR];",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
]


def _parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """
    The nodes (id to label) and edges (tail, head, label) of a DOT graph;
    fails on anything else.
    """
    lines = text.split("\n")
    assert _DOT_HEADER == lines[:4]
    assert ["}", ""] == lines[-2:]
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[4:-2]:
        match = _DOT_LINE.fullmatch(line)
        assert match is not None, line
        tail, head, attributes = match.groups()
        (quoted,) = _DOT_LABEL.findall(attributes)
        label = re.sub(
            r"\\(.)",
            lambda m: "\n" if m.group(1) == "n" else m.group(1),
            quoted[1:-1],
        )
        if head is None:
            nodes[tail] = label
        else:
            edges.append((tail, head, label))
    assert all(tail in nodes and head in nodes for tail, head, _ in edges)
    return nodes, edges


_ID = r"[sc]_[0-9a-f]{64}"
_MERMAID_TEXT = r"(?:[\w .,:'/+=!?()-]|#quot;|#[0-9]+;|<br>)*"
_MERMAID_NODE = re.compile(
    rf'    ({_ID})(?:\["({_MERMAID_TEXT})"\]|\(\["({_MERMAID_TEXT})"\]\))'
)
_MERMAID_EDGE = re.compile(rf'    ({_ID}) (?:-->|-\.->)\|"({_MERMAID_TEXT})"\| ({_ID})')


def _unmermaid(text: str) -> str:
    lines = text.split("<br>")
    return "\n".join(
        re.sub(
            r"#(quot|[0-9]+);",
            lambda m: '"' if m.group(1) == "quot" else chr(int(m.group(1))),
            line,
        )
        for line in lines
    )


def _parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """
    The nodes and edges of a Mermaid flowchart; fails on anything else.
    """
    lines = text.split("\n")
    assert "flowchart LR" == lines[0]
    assert "" == lines[-1]
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:-1]:
        if node := _MERMAID_NODE.fullmatch(line):
            nodes[node.group(1)] = _unmermaid(node.group(2) or node.group(3))
        else:
            edge = _MERMAID_EDGE.fullmatch(line)
            assert edge is not None, line
            edges.append((edge.group(1), edge.group(3), _unmermaid(edge.group(2))))
    assert all(tail in nodes and head in nodes for tail, head, _ in edges)
    return nodes, edges


# --- Text -----------------------------------------------------------------------


class TestToText:
    def test_is_the_explanation(self) -> None:
        """
        The text tree is the assessment's own explanation.
        """
        assessment = pv.assess(LEDGER, "artillery")

        assert assessment.explain() == render.to_text(assessment)


class TestRanked:
    def test_most_probable_first(self) -> None:
        """
        Assessments come most probable first.
        """
        found = pv.assess_all(_article())

        assert sorted((a.probability for a in found.values()), reverse=True) == [
            a.probability for a in render.ranked(found)
        ]

    def test_ties_by_key(self) -> None:
        """
        Equal probabilities, even ones apart by float noise, are ordered by key.
        """
        artillery = _with_probability(pv.assess(LEDGER, "artillery"), 0.7)
        shells = _with_probability(pv.assess(LEDGER, "shells"), 0.7 + 1e-15)

        assert [artillery, shells] == list(render.ranked([shells, artillery]))

    def test_input_order_is_irrelevant(self) -> None:
        """
        A mapping and any iterable of the same assessments rank alike.
        """
        found = pv.assess_all(_article())

        assert render.ranked(found) == render.ranked(reversed(list(found.values())))


class TestSummary:
    def test_table_then_trees(self) -> None:
        """
        The summary is a table of every claim, then each tree, in rank order.
        """
        found = pv.assess_all(_article())
        order = render.ranked(found)

        text = render.summary(found)

        table, *trees = text.split("\n\n")[1:]
        assert [a.claim.key for a in order] == [
            row.split()[-1] for row in table.splitlines()[1:]
        ]
        assert [render.to_text(a) for a in order] == trees

    def test_rows(self) -> None:
        """
        Each row shows probability, words, confidence, conflict and claim key.
        """
        assessment = pv.assess(LEDGER, "artillery")

        text = render.summary([assessment], explain=False)

        assert [
            "1 claim:",
            "",
            "    P  words   confidence  conflict  claim",
            f"{assessment.probability:.3f}  likely  low            0.000  artillery",
        ] == text.splitlines()

    def test_as_of_and_keyless_claims(self) -> None:
        """
        A common cut-off date is in the heading; a claim without a key is
        named by the start of its text.
        """
        claim = pv.Claim(text="x" * 100)
        ledger = pv.Ledger.of([attrs.evolve(REVEALED, claim=claim), REVEALED])

        text = render.summary(pv.assess_all(ledger, as_of=DAY), explain=False)

        assert text.startswith("2 claims as of 2024-11-22, most probable first:")
        assert "x" * 57 + "..." in text
        assert "x" * 58 not in text

    def test_nothing(self) -> None:
        """
        No assessments, no table.
        """
        assert "no claims" == render.summary({})


class TestComparison:
    def test_moves(self) -> None:
        """
        Each claim shows before -> after and its change, and the moves are
        counted.
        """
        before = pv.assess_all(LEDGER)
        after = pv.assess_all(LEDGER, policy=pv.DEFAULT_POLICY.with_grade(NIS, "A"))
        old, new = before[ARTILLERY], after[ARTILLERY]
        delta = round(new.probability - old.probability, 3)

        text = render.comparison(before, after, title="Grade the NIS A")

        lines = text.splitlines()
        assert ["Grade the NIS A", ""] == lines[:2]
        assert f"{old.probability:.3f} {old.words}" in lines[3]
        assert f"-> {new.probability:.3f} {new.words}" in lines[3]
        assert lines[3].endswith(f"{delta:+.3f}  artillery")
        assert "2 of 2 claims moved." == lines[-1]

    def test_unchanged_and_absent(self) -> None:
        """
        An unmoved claim says so; a claim on one side only says it is absent.
        """
        before = pv.assess_all(pv.Ledger.of([REVEALED]))
        after = pv.assess_all(LEDGER)

        lines = render.comparison(before, after).splitlines()

        assert lines[0].endswith("unchanged  shells")
        assert "(absent)" in lines[1]
        assert lines[1].endswith("n/a  artillery")
        assert "1 of 2 claims moved." == lines[-1]


class TestToData:
    def test_fields(self) -> None:
        """
        The data has the claim, the numbers and every line of evidence.
        """
        assessment = pv.assess(LEDGER, "artillery")

        data = render.to_data(assessment)

        assert {
            "key": "artillery",
            "text": ARTILLERY.text,
            "id": ARTILLERY.id,
            "probability": assessment.probability,
            "words": "likely",
            "confidence": "low",
            "conflict": 0.0,
            "corroboration": 1,
            "credibility": None,
            "rating": None,
            "notes": [],
            "as_of": None,
        } == {k: v for k, v in data.items() if k not in ("opinion", "lines")}
        (line,) = data["lines"]
        assert {
            "statement": BRIEFED.id,
            "source": "National Intelligence Service",
            "stance": "CT+",
            "route": ["The Daily", "lawmakers"],
            "counted": True,
            "excluded": None,
        }.items() <= line.items()
        assert assessment.opinion == pv.Opinion(**data["opinion"])

    def test_credibility(self) -> None:
        """
        A graded line's grade is in its data, the claim's credibility and
        rating in the assessment's; the text shows both.
        """
        graded = attrs.evolve(BRIEFED.origin, credibility=4)
        assessment = pv.assess(pv.Ledger.of([graded]), "artillery")

        data = render.to_data(assessment)

        assert (4, "C4") == (data["credibility"], data["rating"])
        assert {"grade": 4, "description": "doubtful", "factor": 0.5} == data["lines"][
            0
        ]["credibility"]
        text = render.to_text(assessment)
        assert "credibility 4 (doubtful), rated C4" in text
        assert "credibility graded 4 (doubtful)" in text
        json.dumps(data)

    def test_json(self) -> None:
        """
        The JSON document lists the claims most probable first.
        """
        found = pv.assess_all(_article(), as_of=dt.date(2024, 11, 24))

        data = json.loads(render.to_json(found))

        assert [a.claim.id for a in render.ranked(found)] == [
            c["id"] for c in data["claims"]
        ]
        assert {"2024-11-24"} == {c["as_of"] for c in data["claims"]}


# --- Graphs ---------------------------------------------------------------------


class TestToDot:
    def test_content(self) -> None:
        """
        Sources, affiliations, claims with probabilities, statements and relays
        are drawn with their labels.
        """
        found = pv.assess_all(LEDGER)

        nodes, edges = _parse_dot(render.to_dot(LEDGER, assessments=found))

        by_label = {label.split("\n")[0]: node for node, label in nodes.items()}
        assert "National Intelligence Service\nagency" == nodes[by_label[NIS.name]]
        p = found[ARTILLERY].probability
        assert (
            f"{ARTILLERY.text}\n[artillery]\nP={p:.2f} likely"
            == (nodes[by_label[ARTILLERY.text]])
        )
        assert {
            (NIS.name, KOREA.name, "acts on behalf of"),
            (
                NIS.name,
                ARTILLERY.text,
                "reported (CT+)\nbriefing to lawmakers (closed)\n2024-11-22",
            ),
            (NIS.name, SHELLS.text, "revealed (CT+)\n2024-11-22"),
            (LAWMAKERS.name, NIS.name, "relays\n2024-11-22"),
            (PAPER.name, LAWMAKERS.name, "relays\n2024-11-22"),
        } == {
            (nodes[tail].split("\n")[0], nodes[head].split("\n")[0], label)
            for tail, head, label in edges
        }

    def test_affiliations_are_dashed(self) -> None:
        """
        Affiliation edges are dashed; the others are not.
        """
        text = render.to_dot(LEDGER)

        assert [line for line in text.splitlines() if "acts on behalf of" in line] == [
            line for line in text.splitlines() if "style=dashed" in line
        ]

    def test_every_source(self) -> None:
        """
        The whole ledger shows every source it reaches, parties to claims too.
        """
        ledger = _article()

        nodes, _ = _parse_dot(render.to_dot(ledger))

        assert {f"s_{s.id}" for s in ledger.sources} == {
            node for node in nodes if node.startswith("s_")
        }
        assert {f"c_{c.id}" for c in ledger.claims} == {
            node for node in nodes if node.startswith("c_")
        }

    def test_one_claim(self) -> None:
        """
        With a claim, only the records reaching it are drawn.
        """
        nodes, _ = _parse_dot(render.to_dot(LEDGER, claim="shells"))

        assert {NIS.name, KOREA.name, SHELLS.text} == {
            label.split("\n")[0] for label in nodes.values()
        }

    def test_unknown_claim(self) -> None:
        """
        An unknown claim key raises UnknownClaimError.
        """
        with pytest.raises(pv.errors.UnknownClaimError):
            render.to_dot(LEDGER, claim="nope")

    def test_sorted_and_deterministic(self) -> None:
        """
        Nodes and edges are sorted by id, and equal ledgers draw identically.
        """
        text = render.to_dot(_article())
        lines = text.splitlines()[4:-1]
        nodes = [line for line in lines if " -> " not in line]
        edges = [line for line in lines if " -> " in line]

        assert sorted(nodes) == nodes
        assert sorted(edges) == edges
        assert render.to_dot(pv.Ledger.of(reversed(list(_article())))) == text

    def test_hostile_names(self) -> None:
        """
        Quotes, backslashes, line breaks and control characters stay inside
        their labels.
        """
        ledger = _hostile_ledger()

        nodes, edges = _parse_dot(render.to_dot(ledger))

        labels = [*nodes.values(), *(label for _, _, label in edges)]
        for text in _hostile_texts(ledger):
            assert any(_flat(text) in _flat(label) for label in labels), text

    @given(ledgers(), st.booleans())
    def test_any_ledger(self, ledger: pv.Ledger, assessed: bool) -> None:
        """
        Any ledger, with any names, gives well-formed DOT that shows them all.
        """
        found = pv.assess_all(ledger) if assessed else None

        nodes, edges = _parse_dot(render.to_dot(ledger, assessments=found))

        labels = [*nodes.values(), *(label for _, _, label in edges)]
        for text in _hostile_texts(ledger):
            assert any(_flat(text) in _flat(label) for label in labels), text

    @pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
    def test_graphviz_reads_it(self) -> None:
        """
        Graphviz accepts the article and a hostile ledger.
        """
        for ledger in (_article(), _hostile_ledger()):
            done = subprocess.run(  # noqa: S603 (Graphviz, on our own output)
                [shutil.which("dot") or "dot", "-Tsvg"],
                input=render.to_dot(ledger),
                capture_output=True,
                text=True,
                check=False,
            )

            assert (0, "") == (done.returncode, done.stderr)


class TestToMermaid:
    def test_same_graph_as_dot(self) -> None:
        """
        The Mermaid flowchart has the nodes and edges of the DOT graph.
        """
        found = pv.assess_all(_article())

        assert _parse_dot(render.to_dot(_article(), assessments=found)) == (
            _parse_mermaid(render.to_mermaid(_article(), assessments=found))
        )

    def test_shapes_and_arrows(self) -> None:
        """
        Sources are boxes, claims stadiums, affiliations dotted arrows.
        """
        text = render.to_mermaid(LEDGER, claim=SHELLS)

        assert [
            "flowchart LR",
            f'    c_{SHELLS.id}(["{SHELLS.text}<br>#91;shells#93;"])',
        ] == text.splitlines()[:2]
        assert (
            f'    s_{NIS.id} -.->|"acts on behalf of"| s_{KOREA.id}'
            in text.splitlines()
        )

    def test_hostile_names(self) -> None:
        """
        Quotes, brackets, pipes, hashes and line breaks are escaped.
        """
        ledger = _hostile_ledger()

        nodes, edges = _parse_mermaid(render.to_mermaid(ledger))

        labels = [*nodes.values(), *(label for _, _, label in edges)]
        for text in _hostile_texts(ledger):
            assert any(_flat(text) in _flat(label) for label in labels), text

    @given(ledgers(), names())
    def test_any_ledger(self, ledger: pv.Ledger, name: str) -> None:
        """
        Any ledger, with any names, gives a well-formed flowchart that shows
        them all, with or without assessments.
        """
        ledger = ledger.add(attrs.evolve(REVEALED, source=attrs.evolve(NIS, name=name)))

        nodes, edges = _parse_mermaid(
            render.to_mermaid(ledger, assessments=pv.assess_all(ledger))
        )

        labels = [*nodes.values(), *(label for _, _, label in edges)]
        for text in _hostile_texts(ledger):
            assert any(_flat(text) in _flat(label) for label in labels), text
