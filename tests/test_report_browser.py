"""
The HTML report in a real browser: headless Chromium opens the page, runs
its script and dumps the DOM; its console must stay silent.

Skipped where no Chromium is installed (``.ci/run`` installs Debian's
``chromium`` package when it can).
"""

from __future__ import annotations

import re
import shutil
import subprocess

from importlib import resources
from pathlib import Path

import pytest

import provenance as pv

from provenance import render


ARTICLE = pv.loads(
    (resources.files("provenance") / "data" / "article.json").read_bytes()
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    pytest.skip("no Chromium installed (apt-get install chromium)")


def _open(page: Path, query: str = "") -> tuple[str, list[str]]:
    """
    The DOM of *page* after its scripts ran, and the browser's console
    messages.
    """
    browser = _browser()
    done = subprocess.run(  # noqa: S603  # a browser found on PATH, fixed arguments
        [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={page.parent / 'profile'}",
            "--dump-dom",
            f"{page.as_uri()}{query}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if not done.stdout.strip():
        pytest.skip(f"Chromium did not run here: {done.stderr[-300:]}")
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(render.to_html(ARTICLE), encoding="utf-8")
    return page


@pytest.mark.slow  # a real Chromium per test: about a second each
class TestInBrowser:
    def test_shows_every_claim(self, report: Path) -> None:
        """
        The page shows every claim, the graph, and runs its script without a
        console message.
        """
        dom, console = _open(report)

        assert [] == console
        assert 'data-ready="yes"' in dom
        assert len(ARTICLE.claims) == len(re.findall(r'<li class="claim"', dom))
        assert "<svg" in dom
        assert 'class="graph' in dom

    def test_expand_all(self, report: Path) -> None:
        """
        "Expand all" (clicked on load by ?expand=all) opens every claim's
        explanation, down to its lines of evidence and their steps.
        """
        dom, console = _open(report, "?expand=all")
        closed = re.findall(r"<details(?![^>]*\bopen\b)[^>]*>", dom)
        opened = re.findall(r'<details[^>]*\bopen=""[^>]*>', dom)

        assert [] == console
        assert [] == closed
        assert len(opened) > len(ARTICLE.claims)
        assert '<ul class="steps">' in dom
        assert "trust in source" in dom

    def test_closed_by_default(self, report: Path) -> None:
        """
        Without the query, claims start closed: the page is a ranked list.
        """
        dom, _ = _open(report)

        assert not re.search(r'<li class="claim"[^>]*>\s*<details open', dom)

    def test_console_errors_are_seen(self, tmp_path: Path) -> None:
        """
        The check would see a script error: a broken page logs one.
        """
        page = tmp_path / "broken.html"
        page.write_text("<!DOCTYPE html><script>undefinedFunction();</script>")

        _, console = _open(page)

        assert any("Uncaught" in line for line in console)
