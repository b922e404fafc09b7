"""
Hostile input, round three: each defect the third adversarial round found,
tried with the reported inputs and with inputs of our own.

Every case ends in a correct result or a ProvenanceError naming the place.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import os
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import types

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from provenance import (
    DEFAULT_POLICY,
    Ledger,
    Policy,
    Source,
    SourceKind,
    assess_all,
    dumps,
    load,
)
from provenance import _files as files_module
from provenance.distributed import MANIFEST, read_shards, write_shards
from provenance.errors import DocumentError, FileAccessError, InvalidValueError
from provenance.interop.stix import from_stix, to_stix
from provenance.policy_document import load_policy


ARTICLE: Ledger = load(Path(__file__).parent.parent / "examples" / "article.json")


def wrong(value: object) -> Any:
    """
    *value*, typed so that it can be passed where it does not belong.
    """
    return value


class TestPolicyWords:
    @pytest.mark.parametrize(
        "words",
        [
            None,
            "likely",
            b"likely",
            5,
            [(0.5,)],
            [(1.0, "a", "b")],
            {1.0: "a"},
            [(0.5, "a"), 7],
            ((1.0, "certain"), None),
            [[1.0]],
        ],
    )
    def test_malformed_table_refused(self, words: object) -> None:
        """
        A words table that is not (bound, phrase) pairs is an
        InvalidValueError at Policy.words, from the constructor and from
        attrs.evolve, never a bare TypeError or ValueError from unpacking.
        """
        makes: list[Callable[[], Policy]] = [
            lambda: Policy(words=wrong(words)),
            lambda: attrs.evolve(DEFAULT_POLICY, words=wrong(words)),
        ]
        for make in makes:
            with pytest.raises(InvalidValueError) as info:
                make()

            assert "Policy.words" == info.value.path

    def test_lists_of_pairs_still_accepted(self) -> None:
        """
        A list of two-item lists is still converted to the table.
        """
        policy = Policy(words=wrong([[0.5, "no"], [1, "yes"]]))

        assert ((0.5, "no"), (1.0, "yes")) == policy.words


def exporters() -> list[tuple[Callable[..., object], str]]:
    from provenance.interop.stix import to_stix

    found: list[tuple[Callable[..., object], str]] = [(to_stix, "to_stix")]
    if importlib.util.find_spec("prov") is not None:
        from provenance.interop.prov import to_prov

        found.append((to_prov, "to_prov"))
    return found


class TestExportAssessments:
    @pytest.mark.parametrize(("export", "name"), exporters())
    @pytest.mark.parametrize("assessments", [5, object(), 1.5, True, "x", b"x"])
    def test_not_iterable_refused(
        self, export: Callable[..., object], name: str, assessments: object
    ) -> None:
        """
        Assessments that are neither a mapping nor an iterable (or are text)
        are an InvalidValueError naming the argument, not a bare TypeError.
        """
        with pytest.raises(InvalidValueError) as info:
            export(ARTICLE, assessments=assessments)

        assert f"{name}.assessments" == info.value.path
        assert assessments is info.value.value


SRC = str(Path(__file__).parent.parent / "src")
SPECIAL_KINDS = ["fifo", "device", "directory", "socket"]
SHOWN = {
    "fifo": "a pipe (FIFO)",
    "device": "a device",
    "directory": "a directory",
    "socket": "a socket",
}


def make_special(path: Path, kind: str) -> None:
    """
    Put a file of *kind* at *path*, or skip where the platform has none; the
    device is ``/dev/null``, which even a reader that ignores kinds ends.
    """
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)
    elif kind == "device":
        if not Path("/dev/null").exists():
            pytest.skip("no /dev/null here")
        path.symlink_to("/dev/null")
    elif kind == "directory":
        path.mkdir()
    else:
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("no Unix sockets here")
        with socket.socket(socket.AF_UNIX) as bound:
            try:
                bound.bind(str(path))
            except OSError as exc:  # A path too long for a socket.
                pytest.skip(f"cannot bind a socket: {exc}")


@contextlib.contextmanager
def never_blocked(fifo: Path) -> Iterator[threading.Event]:
    """
    Should the code under test open *fifo* (once a FIFO is there) to read
    and wait for a writer, open it to write after a while and close it, so
    that the reader gets the end of the file and the test fails instead of
    hanging; the event yielded is set if that was needed.
    """
    done = threading.Event()
    rescued = threading.Event()

    def rescue() -> None:
        while not done.wait(2):
            # ENOENT: no FIFO (yet); ENXIO: no reader (yet).
            with contextlib.suppress(OSError):
                if stat.S_ISFIFO(fifo.lstat().st_mode):
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                    rescued.set()

    helper = threading.Thread(target=rescue, daemon=True)
    helper.start()
    try:
        yield rescued
    finally:
        done.set()
        helper.join()


def shard_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "shards"
    write_shards(ARTICLE, folder, shards=2)
    return folder


class TestNotRegularFiles:
    @pytest.mark.parametrize("kind", SPECIAL_KINDS)
    def test_shard_refused(self, tmp_path: Path, kind: str) -> None:
        """
        A shard that is not a regular file is a FileAccessError naming it and
        saying what it is; a FIFO is not waited on, a device not read.
        """
        shard = shard_folder(tmp_path) / "shard-00001.jsonl"
        shard.unlink()
        make_special(shard, kind)
        loaders = read_shards(shard.parent)

        with never_blocked(shard) as rescued, pytest.raises(FileAccessError) as info:
            loaders[1]()

        assert not rescued.is_set()
        assert str(shard) == info.value.path
        assert f"cannot read: {SHOWN[kind]}, not a regular file" == info.value.msg
        assert 2 == len(loaders)
        assert loaders[0]()

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_fifo_swapped_in_after_the_check(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A shard replaced by a FIFO between the check of its kind and its
        opening is opened without waiting for a writer, then refused.
        """
        shard = shard_folder(tmp_path) / "shard-00001.jsonl"
        real_open = os.open

        def swapped(path: str, flags: int, *rest: Any) -> int:
            Path(path).unlink()
            os.mkfifo(path)
            return real_open(path, flags, *rest)

        loaders = read_shards(shard.parent)
        monkeypatch.setattr(
            files_module, "os", types.SimpleNamespace(**{**vars(os), "open": swapped})
        )

        with never_blocked(shard) as rescued, pytest.raises(FileAccessError) as info:
            loaders[1]()

        assert "cannot read: a pipe (FIFO), not a regular file" == info.value.msg
        assert not rescued.is_set()

    @pytest.mark.parametrize("kind", SPECIAL_KINDS)
    def test_manifest_refused(self, tmp_path: Path, kind: str) -> None:
        """
        A manifest that is not a regular file is a DocumentError naming it
        and saying what it is.
        """
        manifest = shard_folder(tmp_path) / MANIFEST
        manifest.unlink()
        make_special(manifest, kind)

        with never_blocked(manifest) as rescued, pytest.raises(DocumentError) as info:
            read_shards(manifest.parent)

        assert not rescued.is_set()
        assert str(manifest) == info.value.path
        assert f"{MANIFEST} is {SHOWN[kind]}, not a regular file" in info.value.msg

    @pytest.mark.parametrize("kind", ["device", "directory", "socket"])
    def test_load_refuses(self, tmp_path: Path, kind: str) -> None:
        """
        `load` and `load_policy` refuse a device, a directory or a socket
        by path, unread, as a FileAccessError naming it.
        """
        path = tmp_path / "document.json"
        make_special(path, kind)
        reads: list[Callable[[Path], object]] = [load, load_policy]
        for read in reads:
            with pytest.raises(FileAccessError) as info:
                read(path)

            assert str(path) == info.value.path
            assert f"cannot read: {SHOWN[kind]}, not a regular file" == info.value.msg

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    def test_load_reads_a_fifo_once(self, tmp_path: Path) -> None:
        """
        A FIFO given to `load` on purpose is still read, once, as the
        command line reads one.
        """
        fifo = tmp_path / "ledger.json"
        os.mkfifo(fifo)
        text = dumps(ARTICLE)

        def write() -> None:
            with fifo.open("w", encoding="utf-8") as stream:
                stream.write(text)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        loaded = load(fifo)
        writer.join(timeout=30)

        assert ARTICLE == loaded

    @pytest.mark.skipif(
        not Path("/dev/zero").exists() or importlib.util.find_spec("resource") is None,
        reason="needs /dev/zero and resource limits",
    )
    def test_endless_device_refused_unread(self, tmp_path: Path) -> None:
        """
        A link to /dev/zero as a shard, a manifest, a ledger or a policy is
        refused without being read (in a child capped at 1 GiB, so that a
        reader that does read it fails fast instead of taking the machine).
        """
        folder = shard_folder(tmp_path)
        (folder / "shard-00000.jsonl").unlink()
        (folder / "shard-00000.jsonl").symlink_to("/dev/zero")
        other = shard_folder(tmp_path / "other")
        (other / MANIFEST).unlink()
        (other / MANIFEST).symlink_to("/dev/zero")
        child = textwrap.dedent(
            """
            import resource, sys
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
            from provenance import load
            from provenance.distributed import read_shards
            from provenance.errors import FileAccessError, DocumentError
            from provenance.policy_document import load_policy
            folder, other = sys.argv[1:]
            for read, error in [
                (lambda: read_shards(folder)[0](), FileAccessError),
                (lambda: read_shards(other), DocumentError),
                (lambda: load("/dev/zero"), FileAccessError),
                (lambda: load_policy("/dev/zero"), FileAccessError),
            ]:
                try:
                    read()
                except error as exc:
                    print(exc.msg)
            """
        )
        done = subprocess.run(  # noqa: S603 (our own code)
            [sys.executable, "-c", child, str(folder), str(other)],
            env={**os.environ, "PYTHONPATH": SRC},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

        assert "" == done.stderr
        assert [
            "cannot read: a device, not a regular file",
            f"not a folder of shards ({MANIFEST} is a device, not a regular file)",
            "cannot read: a device, not a regular file",
            "cannot read: a device, not a regular file",
        ] == done.stdout.splitlines()


DESK = Source(name="OSINT desk", kind=SourceKind.ORGANISATION)
BUNDLE: dict[str, Any] = to_stix(ARTICLE, assess_all(ARTICLE), producer=DESK)
# The standard properties to_stix derives from a source or a record alone.
DERIVED = {
    "identity": ("name", "roles", "identity_class", "sectors"),
    "opinion": (
        "created",
        "created_by_ref",
        "object_refs",
        "opinion",
        "explanation",
        "authors",
        "external_references",
    ),
    "report": (
        "created",
        "published",
        "created_by_ref",
        "object_refs",
        "name",
        "description",
        "external_references",
    ),
}


def rebuilt(node: dict[str, Any]) -> bool:
    """
    Whether *node* is one from_stix rebuilds a value of the ledger from:
    the identities of its sources, its statements and its reports (not the
    library's or the producer's identity, nor the assessments).
    """
    if node["type"] == "identity":
        return "x_provenance_kind" in node and node["name"] != DESK.name
    return node["type"] in DERIVED and (
        node["type"] != "opinion" or "x_provenance_stance" in node
    )


def edited(index: int, key: str, value: object) -> dict[str, Any]:
    bundle = copy.deepcopy(BUNDLE)
    bundle["objects"][index][key] = value
    return bundle


def refused_at(bundle: dict[str, Any]) -> str:
    with pytest.raises(DocumentError) as info:
        from_stix(bundle)

    return info.value.path


def first(kind: str, **has: object) -> int:
    return next(
        i
        for i, o in enumerate(BUNDLE["objects"])
        if rebuilt(o)
        and o["type"] == kind
        and all(o.get(k) == v for k, v in has.items())
    )


class TestStixStandardFields:
    def test_own_bundle_reads_back(self) -> None:
        """
        The library's own bundle, assessments included, still reads back.
        """
        assert ARTICLE == from_stix(copy.deepcopy(BUNDLE))

    @pytest.mark.parametrize(
        ("kind", "has", "key", "value"),
        [
            ("opinion", {"opinion": "strongly-agree"}, "opinion", "strongly-disagree"),
            ("opinion", {}, "explanation", "denied it"),
            ("opinion", {}, "authors", ["Someone else"]),
            (
                "identity",
                {"x_provenance_kind": "government"},
                "identity_class",
                "individual",
            ),
        ],
    )
    def test_reported_contradictions_refused(
        self, kind: str, has: dict[str, object], key: str, value: object
    ) -> None:
        """
        The review's cases: a statement's opinion flipped, its explanation or
        authors rewritten, an identity's class changed, are refused at the
        field.
        """
        index = first(kind, **has)

        assert f"$.objects[{index}].{key}" == refused_at(edited(index, key, value))

    @pytest.mark.parametrize(
        ("kind", "key"), [(k, key) for k, keys in DERIVED.items() for key in keys]
    )
    def test_every_derived_field_checked(self, kind: str, key: str) -> None:
        """
        On every object from_stix rebuilds a value from, every standard
        property to_stix derives from the value, replaced, added where it
        was absent, or removed, is refused.
        """
        objects = BUNDLE["objects"]
        indices = [i for i, o in enumerate(objects) if rebuilt(o) and o["type"] == kind]
        assert indices
        for index in indices:
            present = key in objects[index]
            changes: list[object] = ["x-altered", ["x-altered"]]
            for value in changes:
                where = refused_at(edited(index, key, value))
                # At the field, or where the id no longer matches; a reference
                # to nothing is refused where it points.
                assert where.startswith(f"$.objects[{index}]") or key.endswith("_refs")
            if present:
                bundle = copy.deepcopy(BUNDLE)
                del bundle["objects"][index][key]
                with pytest.raises(DocumentError):
                    from_stix(bundle)

    def test_time_of_day_of_a_record_checked(self) -> None:
        """
        A statement's creation moved to another time of the same day
        (which the reader does not read: it keeps x_provenance_made_at)
        is refused.
        """
        index = first("opinion")
        day = BUNDLE["objects"][index]["created"][:10]
        bundle = edited(index, "created", f"{day}T05:00:00.000Z")

        assert f"$.objects[{index}].created" == refused_at(bundle)

    def test_an_altered_copy_refused_wherever_it_stands(self) -> None:
        """
        Of two copies of one statement (merged bundles), an altered one is
        refused, the first as well as the last.
        """
        index = first("opinion", opinion="strongly-agree")
        for position in (0, len(BUNDLE["objects"])):
            bundle = copy.deepcopy(BUNDLE)
            altered = {**bundle["objects"][index], "opinion": "disagree"}
            bundle["objects"].insert(position, altered)

            assert f"$.objects[{position}].opinion" == refused_at(bundle)

    def test_what_other_producers_add_is_accepted(self) -> None:
        """
        What platforms add or change for their own use (labels, confidence,
        a later modified time, markings, x_opencti properties, a description
        of an identity, more keys in a reference) and foreign objects leave
        the ledger as it was.
        """
        bundle = copy.deepcopy(BUNDLE)
        for node in bundle["objects"]:
            if node["type"] in ("identity", "opinion", "report"):
                node["labels"] = [*node.get("labels", []), "tlp:amber", "osint"]
                node["confidence"] = 15
                node["modified"] = "2030-01-01T00:00:00.000Z"
                node["object_marking_refs"] = [
                    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
                ]
                node["x_opencti_score"] = 50
                node["x_opencti_id"] = "a6b4d1b8-0000-4000-8000-000000000000"
            if node["type"] == "identity":
                node["description"] = "Added by an analyst."
                node["created"] = "2030-01-01T00:00:00.000Z"
            for reference in node.get("external_references", []):
                reference["external_id"] = "ref-1"
        bundle["objects"].append(
            {
                "type": "note",
                "spec_version": "2.1",
                "id": "note--0f8e4a2c-3b5d-4c7e-9a1b-2c3d4e5f6a7b",
                "created": "2025-01-01T00:00:00.000Z",
                "modified": "2025-01-01T00:00:00.000Z",
                "content": "Looks right.",
                "object_refs": [BUNDLE["objects"][first("opinion")]["id"]],
            }
        )

        assert ARTICLE == from_stix(bundle)
