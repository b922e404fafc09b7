from __future__ import annotations

import datetime as dt
import html.parser
import re
import shutil

from importlib import resources
from pathlib import Path

import pytest

from hypothesis import given

import provenance as pv

from provenance import _reprs, render
from provenance.cli import main
from provenance.errors import InvalidValueError
from provenance.policy_document import dump_policy
from provenance.relations import Entails, Exclusive
from provenance.testing import ledgers


ARTICLE = pv.loads(
    (resources.files("provenance") / "data" / "article.json").read_bytes()
)
DAY = dt.date(2024, 10, 14)
# An address a page would load: src, href, url(...), action, or srcset.
LOADS = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|url\(\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def _readings() -> tuple[pv.Ledger, Exclusive]:
    flights = ARTICLE.claim("drone-leaflets")
    north, south = ARTICLE.source("North Korea"), ARTICLE.source("South Korea")
    military = pv.Claim(
        text="South Korea's military flew the drones.",
        about=(south,),
        favours=(north,),
        key="military",
    )
    activists = pv.Claim(
        text="South Korean activists flew the drones.", key="activists"
    )
    readings = Exclusive(key="drone-readings", claims={military, activists})
    ledger = ARTICLE.add(
        readings,
        Entails(specific=military, general=flights),
        Entails(specific=activists, general=flights),
        pv.Statement(
            source=north,
            claim=military,
            stance=pv.Stance.from_verb("accused"),
            made_on=DAY,
        ),
    )
    return ledger, readings


def _hostile() -> pv.Ledger:
    evil = pv.Source(
        name='<script>alert("x")</script>\x1b[31m',
        kind=pv.SourceKind.PERSON,
        role="'\"><img src=x onerror=alert(1)>",
    )
    relay = pv.Source(name="&amp; </svg><b>\u202e\n", kind=pv.SourceKind.MEDIA_OUTLET)
    claim = pv.Claim(
        text='</details><script>alert(1)</script>"\r\n\x00',
        key="evil",
    )
    said = pv.Statement(
        source=evil, claim=claim, stance=pv.Stance.from_verb("denied"), made_on=DAY
    )
    hearsay = pv.Statement(
        source=relay,
        claim=claim,
        stance=pv.Stance.from_verb("is said to"),
        made_on=DAY,
    )
    return pv.Ledger.of([pv.Report(reporter=relay, content=said, made_on=DAY), hearsay])


class _Counter(html.parser.HTMLParser):
    """
    Counts start tags and collects the attribute values of a parsed page.
    """

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.classes.extend(v or "" for k, v in attrs if k == "class")


def _parsed(page: str) -> _Counter:
    counter = _Counter()
    counter.feed(page)
    return counter


class TestPage:
    def test_every_claim_ranked(self) -> None:
        """
        Every claim is shown once, most probable first, with a bar.
        """
        page = render.to_html(ARTICLE, graphviz=False)
        shown = [float(p) for p in re.findall(r'data-probability="([0-9.]+)"', page)]

        assert len(ARTICLE.claims) == len(shown)
        assert sorted(shown, reverse=True) == shown
        assert len(ARTICLE.claims) == page.count('<span class="bar"')

    def test_words_and_confidence(self) -> None:
        """
        Each claim shows its estimative words and confidence.
        """
        found = pv.assess(ARTICLE, "troops-10000")
        page = render.to_html(ARTICLE, graphviz=False)

        assert f'<span class="words">{found.words}</span>' in page
        assert f"{found.confidence} confidence" in page
        assert found.claim.text in page

    def test_explanations_expand(self) -> None:
        """
        Each claim's explanation is a tree of <details>: claim, group, line.
        """
        parsed = _parsed(render.to_html(ARTICLE, graphviz=False))

        assert parsed.tags["details"] > 2 * len(ARTICLE.claims)
        assert parsed.tags["details"] == parsed.tags["summary"]
        assert "group" in parsed.classes

    def test_self_contained(self) -> None:
        """
        The page loads nothing: no address in src or href, one inline
        script, inline styles, and a policy forbidding anything else.
        """
        for layout in (False, None):
            page = render.to_html(ARTICLE, graphviz=layout)
            parsed = _parsed(page)

            assert LOADS.search(page) is None
            assert "http://" not in page
            assert "https://" not in page
            assert 1 == parsed.tags["script"]
            assert "link" not in parsed.tags
            assert "default-src 'none'" in page

    def test_deterministic(self) -> None:
        """
        The same ledger gives the same page.
        """
        assert render.to_html(ARTICLE, graphviz=False) == render.to_html(
            ARTICLE, graphviz=False
        )

    def test_empty(self) -> None:
        """
        An empty ledger gives a page with no claims.
        """
        page = render.to_html(pv.Ledger())

        assert "0 claims" in page
        assert "<svg" in page

    def test_title(self) -> None:
        """
        The title is escaped.
        """
        page = render.to_html(pv.Ledger(), title="<b>Drones</b>")

        assert "<title>&lt;b&gt;Drones&lt;/b&gt;</title>" in page

    def test_sets(self) -> None:
        """
        Exclusive sets show as a table of hypotheses and probabilities.
        """
        ledger, readings = _readings()
        found = pv.assess(ledger, readings)
        page = render.to_html(ledger, graphviz=False)

        assert '<table class="set">' in page
        assert "none of these" in page
        for claim, probability in found.probabilities.items():
            assert f'<td>{claim.text}</td><td class="p">{probability:.3f}' in (
                page.replace("&#x27;", "'")
            )

    def test_policy(self) -> None:
        """
        A policy changes the numbers shown.
        """
        nis = ARTICLE.source("National Intelligence Service")
        graded = pv.DEFAULT_POLICY.with_grade(nis, "E")

        assert "under the default policy" in render.to_html(ARTICLE, graphviz=False)
        assert "under a custom policy" in render.to_html(
            ARTICLE, policy=graded, graphviz=False
        )
        assert render.to_html(
            pv.assess_all(ARTICLE), policy=graded, graphviz=False
        ) == render.to_html(ARTICLE, policy=graded, graphviz=False)

    def test_as_of(self) -> None:
        """
        As of a day before the article, nothing was said.
        """
        page = render.to_html(ARTICLE, as_of=dt.date(2000, 1, 1), graphviz=False)

        assert "0 claims" in page

    def test_iterable_of_assessments(self) -> None:
        """
        Any assessments will do: the graph is drawn from their lines.
        """
        found = [pv.assess(ARTICLE, "troops-10000")]
        page = render.to_html(found, graphviz=False)

        assert 1 == page.count('<li class="claim"')
        assert found[0].lines[0].statement.source.name in page

    @pytest.mark.parametrize(
        ("data", "options"),
        [
            ("ledger", {}),
            (ARTICLE, {"policy": "strict"}),
            (ARTICLE, {"as_of": "2024-01-01"}),
            (ARTICLE, {"title": 1}),
            (ARTICLE, {"graphviz": "yes"}),
            (pv.assess_all(ARTICLE), {"as_of": dt.date(2024, 1, 1)}),
            ([pv.assess(ARTICLE, "troops-10000")], {"policy": pv.DEFAULT_POLICY}),
        ],
    )
    def test_bad_arguments(self, data: object, options: dict[str, object]) -> None:
        """
        Wrong arguments raise InvalidValueError naming the argument.
        """
        with pytest.raises(InvalidValueError) as caught:
            render.to_html(data, **options)  # type: ignore[arg-type]  # on purpose

        assert "\n" not in str(caught.value)


class TestEscaping:
    @pytest.mark.parametrize("layout", [False, None])
    def test_hostile_names(self, layout: bool | None) -> None:
        """
        Names, roles and texts that hold markup, quotes and control
        characters are shown as text, never as markup.
        """
        page = render.to_html(_hostile(), graphviz=layout)
        parsed = _parsed(page)

        assert 1 == parsed.tags["script"]
        assert "img" not in parsed.tags
        assert "b" not in parsed.tags
        assert "<script>alert" not in page
        for bad in ("\x1b", "\x00", "\u202e", "\r"):
            assert bad not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "\\x1b[31m" in page

    def test_text_escape(self) -> None:
        """
        Control characters show as escapes, then HTML-escaped.
        """
        assert "&lt;a&gt; \\x1b &amp; &quot;&#x27;" == _reprs.h("<a> \x1b & \"'")


class TestAnyLedger:
    @given(ledgers())
    def test_any_ledger(self, ledger: pv.Ledger) -> None:
        """
        Any ledger gives a page with its every claim, one script and no
        markup from the document.
        """
        page = render.to_html(ledger, graphviz=False)
        parsed = _parsed(page)

        assert len(ledger.claims) == page.count('<li class="claim"')
        assert 1 == parsed.tags["script"]
        assert 1 == parsed.tags["svg"] - len(_LEGEND_KINDS)
        assert LOADS.search(page) is None


_LEGEND_KINDS = render._LEGEND


class TestGraph:
    def test_builtin_without_graphviz(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        Without dot, the built-in layered layout draws the graph.
        """
        monkeypatch.setattr(shutil, "which", lambda _: None)
        page = render.to_html(ARTICLE)

        assert "drawn by the built-in layout" in page
        assert '<svg class="graph"' in page
        assert len(ARTICLE.claims) == page.count('class="node claim"')

    def test_graphviz_required(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        Asking for Graphviz where it is not installed is an error.
        """
        monkeypatch.setattr(shutil, "which", lambda _: None)

        with pytest.raises(InvalidValueError, match="not installed"):
            render.to_html(ARTICLE, graphviz=True)

    def test_failing_graphviz(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A dot that fails leaves the built-in layout to draw.
        """
        monkeypatch.setattr(shutil, "which", lambda _: "/bin/false")

        assert "drawn by the built-in layout" in render.to_html(ARTICLE)

    @pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
    def test_graphviz(self) -> None:
        """
        With dot installed, Graphviz lays the graph out, inline.
        """
        page = render.to_html(ARTICLE, graphviz=True)

        assert "drawn by Graphviz" in page
        assert '<svg class="graph graphviz"' in page
        assert "<?xml" not in page
        assert "<!DOCTYPE svg" not in page

    def test_edge_styles(self) -> None:
        """
        Edges carry the stance's polarity: asserting, denying, uncommitted,
        hearsay; relays and affiliations have their own.
        """
        ledger, _ = _readings()
        ledger = ledger.add(*_hostile())
        page = render.to_html(ledger, graphviz=False)
        kinds = set(re.findall(r'class="edge ([a-z]+)"', page))

        assert {
            "asserting",
            "denying",
            "uncommitted",
            "hearsay",
            "relay",
            "affiliation",
        } == kinds

    def test_relay_columns(self) -> None:
        """
        Originators stand left of the relays that carry them, claims last.
        """
        ledger = _hostile()
        nodes, _ = render._report_graph(ledger, {})
        columns = {node.title: node.column for node in nodes}
        relay = next(c for t, c in columns.items() if t.startswith("&amp;amp;"))
        speaker = next(c for t, c in columns.items() if t.startswith("&lt;script"))
        claim = next(node.column for node in nodes if node.kind == "claim")

        assert speaker < relay < claim


class TestCommand:
    def _document(self, tmp_path: Path) -> Path:
        path = tmp_path / "article.json"
        pv.dump(ARTICLE, path)
        return path

    def test_report_to_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        provenance report FILE -o OUT writes the page and says so.
        """
        out = tmp_path / "report.html"

        assert 0 == main(["report", str(self._document(tmp_path)), "-o", str(out)])
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert "wrote" in capsys.readouterr().out

    def test_report_to_stdout(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        Without -o, the page goes to standard output.
        """
        code = main(["report", str(self._document(tmp_path)), "--layout", "builtin"])

        assert 0 == code
        assert "drawn by the built-in layout" in capsys.readouterr().out

    def test_report_without_graphviz(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        --layout graphviz where Graphviz is not installed is one line.
        """
        monkeypatch.setattr(shutil, "which", lambda _: None)
        code = main(["report", str(self._document(tmp_path)), "--layout", "graphviz"])
        err = capsys.readouterr().err

        assert 1 == code
        expected = (
            "provenance: error: Graphviz's dot is not installed "
            "(use --layout auto or builtin)"
        )
        assert [expected] == err.splitlines()

    def test_report_unwritable(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        An output that cannot be written is one line on standard error.
        """
        out = tmp_path / "no" / "such" / "report.html"
        code = main(["report", str(self._document(tmp_path)), "-o", str(out)])

        assert 1 == code
        assert 1 == len(capsys.readouterr().err.splitlines())

    @pytest.mark.parametrize(
        "command",
        [
            ["assess"],
            ["explain", "{file}", "artillery-systems"],
            ["render"],
            ["report", "{file}", "--layout", "builtin"],
        ],
    )
    def test_policy_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        """
        --policy FILE assesses under the policy in FILE.
        """
        file = str(self._document(tmp_path))
        policy = tmp_path / "policy.json"
        nis = ARTICLE.source("National Intelligence Service")
        dump_policy(pv.DEFAULT_POLICY.with_grade(nis, "E"), policy)
        argv = [a.format(file=file) for a in command]
        if len(argv) == 1:
            argv.append(file)
        assert 0 == main(argv)
        before = capsys.readouterr().out

        assert 0 == main([*argv, "--policy", str(policy)])
        assert before != capsys.readouterr().out

    def test_policy_option_ach(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        provenance ach takes --policy FILE too.
        """
        ledger, readings = _readings()
        file = tmp_path / "readings.json"
        pv.dump(ledger, file)
        policy = tmp_path / "policy.json"
        north = ARTICLE.source("North Korea")
        dump_policy(pv.DEFAULT_POLICY.with_grade(north, "A"), policy)
        argv = ["ach", str(file), readings.key]
        assert 0 == main(argv)
        before = capsys.readouterr().out

        assert 0 == main([*argv, "--policy", str(policy)])
        assert before != capsys.readouterr().out

    def test_report_sets_from_a_document(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The command's report shows the exclusive sets a document holds.
        """
        ledger, _ = _readings()
        file = tmp_path / "readings.json"
        pv.dump(ledger, file)

        assert 0 == main(["report", str(file), "--layout", "builtin"])
        assert '<table class="set">' in capsys.readouterr().out

    def test_bad_policy_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        A malformed policy document is one line naming the file and path.
        """
        policy = tmp_path / "policy.json"
        policy.write_text('{"format": "provenance-policy", "version": 9}')
        code = main(["assess", str(self._document(tmp_path)), "--policy", str(policy)])
        err = capsys.readouterr().err

        assert 1 == code
        assert 1 == len(err.splitlines())
        assert "$.version" in err
