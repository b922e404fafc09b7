"""
The project's tasks, one nox session each: ``nox -l`` lists them.

Each session installs the project and one dependency group from
pyproject.toml into a fresh virtual environment. ``.ci/run`` runs them all;
``nox -s NAME`` runs one, and arguments after ``--`` go to its tool (for
example ``nox -s tests-3.12 -- -m slow -x``).
"""

from __future__ import annotations

import os

from pathlib import Path

import nox


# Every Python the project supports. A session whose interpreter is not on
# the machine is skipped, not failed: contributors have one or two, CI has
# what the machine has.
PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14"]
PYPROJECT = nox.project.load_toml("pyproject.toml")

# The gate for `nox -s coverage`: the branch coverage the full test run
# reaches today, rounded down. Raise it when coverage rises; lower it only
# with a reason in the commit message.
COVERAGE_FLOOR = 98

nox.options.error_on_missing_interpreters = False
nox.options.sessions = [
    "lint",
    "types",
    "tests",
    "docs",
    "coverage",
    "examples",
    "bench",
]


def _install(session: nox.Session, *groups: str, extras: str = "prov,dask") -> None:
    """
    The project (editable, with *extras*) and the dependency *groups*.
    """
    requirements = [
        requirement
        for group in groups
        for requirement in nox.project.dependency_groups(PYPROJECT, group)
    ]
    if requirements:
        session.install(*requirements)
    session.install("-e", f".[{extras}]" if extras else ".")


@nox.session
def lint(session: nox.Session) -> None:
    """
    Ruff: the lints, and the formatting as ruff format writes it.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def types(session: nox.Session) -> None:
    """
    mypy --strict over src, tests and examples ([tool.mypy] in pyproject).
    """
    _install(session, "type")
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """
    The tests on each supported Python: the default run, which leaves out
    the tests marked slow; ``-- -m ""`` runs them too.

    The Hypothesis profile comes from HYPOTHESIS_PROFILE, or is "ci" where CI
    is set (tests/conftest.py).
    """
    _install(session, "test")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """
    The Sphinx HTML and every doctest, with warnings (broken references
    included) as errors. Autodoc imports every public module, so the
    project comes with its extras.
    """
    _install(session, "docs", extras="prov,testing,dask")
    out = Path(session.create_tmp())
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build",
            "-n",
            "-W",
            "--keep-going",
            "-b",
            builder,
            "docs",
            str(out / builder),
        )


@nox.session
def coverage(session: nox.Session) -> None:
    """
    Every test, slow ones included, under branch coverage; fails below
    COVERAGE_FLOOR percent. The Hypothesis profile is "ci" unless
    HYPOTHESIS_PROFILE says otherwise.
    """
    _install(session, "coverage")
    # The floor is measured with the profile CI runs: 200 examples, no deadline.
    session.env["HYPOTHESIS_PROFILE"] = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    session.env["COVERAGE_FILE"] = str(Path(session.create_tmp()) / ".coverage")
    session.run("coverage", "run", "-m", "pytest", "-m", "", *session.posargs)
    session.run("coverage", "report", f"--fail-under={COVERAGE_FLOOR}")


@nox.session
def examples(session: nox.Session) -> None:
    """
    The examples and ``provenance demo`` run, with nothing but the runtime
    dependencies installed.
    """
    _install(session, extras="")
    for example in sorted(Path("examples").glob("*.py")):
        session.run("python", str(example), silent=True)
    session.run("provenance", "demo", silent=True)


@nox.session
def bench(session: nox.Session) -> None:
    """
    The benchmark regression guard (benchmarks/guard.py), a few seconds: fails
    only if the round trip or ``assess_all`` has become more than twice as slow,
    relative to plain ``json`` on the same work, as recorded in
    benchmarks/guard.json. Arguments go to the guard (``-- --record``).
    """
    _install(session, extras="")
    session.run("python", "benchmarks/guard.py", *session.posargs)
