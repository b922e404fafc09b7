"""
Hostile input, round four: the store and output paths the fourth adversarial
round found mishandled (a long file name, a symbolic link to no file, a name
ending in a separator, an empty folder name), with inputs of our own.

Every case ends in a correct result or a ProvenanceError naming the place.
"""

from __future__ import annotations

import os

from pathlib import Path

import pytest

from provenance import Ledger, load
from provenance.distributed import (
    MANIFEST,
    assess_distributed,
    assessment_bag,
    read_shards,
    write_shards,
)
from provenance.errors import InvalidValueError
from provenance.store import Store


ARTICLE_PATH = Path(__file__).resolve().parents[1] / "examples" / "article.json"
ARTICLE: Ledger = load(ARTICLE_PATH)


def longest_name(folder: Path, suffix: str, *, spare: int = 0) -> str:
    """
    The longest file name *folder*'s file system allows, less *spare*
    bytes, ending in *suffix*.
    """
    try:
        most = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        pytest.skip("no name length limit known here")
    if most < 0 or most > 4096:  # no limit worth trying
        pytest.skip("no name length limit here")
    return "s" * (most - spare - len(suffix)) + suffix


def held(path: Path) -> int:
    with Store.open(path) as store:
        return len(store)


def names(folder: Path) -> set[str]:
    """
    The files in *folder*, but the log and index SQLite keeps beside a store.
    """
    return {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))}


class TestEmptyFolders:
    """
    D6: an empty path is no folder of shards, as it is no store.
    """

    def test_write_shards(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)

        with pytest.raises(InvalidValueError) as exc:
            write_shards(ARTICLE, "", shards=2)

        assert "write_shards.folder" == exc.value.path
        assert [] == list(tmp_path.iterdir())

    def test_readers(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A folder of shards in the working folder is not read for ``''``.
        """
        write_shards(ARTICLE, tmp_path, shards=2)
        assert (tmp_path / MANIFEST).exists()
        monkeypatch.chdir(tmp_path)

        with pytest.raises(InvalidValueError) as read:
            read_shards("")
        with pytest.raises(InvalidValueError) as assessed:
            assess_distributed("", scheduler="synchronous")
        with pytest.raises(InvalidValueError) as bag:
            assessment_bag("")

        assert "read_shards.folder" == read.value.path
        assert "assess_distributed.source" == assessed.value.path
        assert "assessment_bag.source" == bag.value.path

    def test_current_folder_still_by_name(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        ``"."`` still names the working folder.
        """
        monkeypatch.chdir(tmp_path)
        write_shards(ARTICLE, ".", shards=2)

        assert 2 == len(read_shards("."))
