"""The build cache's versions: each version of the tool in a folder of its own, and pruning what no
build will read again (other versions beyond the most recently used, entries unread for days, the
older layout), never a file it does not recognise."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tce_graph import build
from tce_graph.cache import USED_FILE, ReportCache
from tce_graph.cli import main
from tce_graph.config import Settings
from tce_graph.errors import InputError

DAY = 86400.0


def _entry(cache: ReportCache, name: str) -> str:
    key = cache.key(Path(__file__), name)
    assert key is not None and cache.put(key, {"entry": name}, b"parts of " + name.encode(), side=[name])
    return key


def _other_version(cache: ReportCache, name: str, days_ago: float) -> Path:
    """A copy of this version's folder under another version's name, last used ``days_ago``."""
    folder = cache.root / name
    shutil.copytree(cache.folder, folder)
    when = time.time() - days_ago * DAY
    os.utime(folder / USED_FILE, (when, when))
    return folder


@pytest.fixture()
def cache(tmp_path) -> ReportCache:
    c = ReportCache(tmp_path / "cache")
    c.mark_used()
    return c


def test_entries_live_in_a_folder_of_the_tools_version(cache):
    key = _entry(cache, "a")
    assert cache.folder.parent == cache.root and len(cache.folder.name) == 16
    assert cache.tool.startswith(cache.folder.name)
    assert sorted(p.name for p in (cache.folder / key[:2]).iterdir()) == [f"{key}.parts", f"{key}.pickle.z",
                                                                          f"{key}.side.z"]
    assert cache.get(key) == {"entry": "a"}
    [v] = cache.versions()
    assert v.current and v.entries == 1 and v.size == sum(p.stat().st_size for p in (cache.folder / key[:2]).iterdir())
    assert v.tool is not None and v.last_used is not None and abs(v.last_used - time.time()) < 60


def test_prune_keeps_this_version_and_the_most_recently_used_other(cache):
    _entry(cache, "a")
    _entry(cache, "b")
    recent = _other_version(cache, "1" * 16, days_ago=1)
    old = _other_version(cache, "2" * 16, days_ago=30)
    older = _other_version(cache, "3" * 16, days_ago=90)
    # an entry of the layout before versions had folders, and files that are not entries
    legacy = cache.root / "ab" / ("ab" + "0" * 62 + ".pickle.z")
    legacy.parent.mkdir()
    legacy.write_bytes(b"old")
    (cache.root / "notes.txt").write_text("mine")
    (older / "ab").mkdir(exist_ok=True)
    (older / "ab" / "mine.txt").write_text("mine too")
    assert [v.name for v in cache.versions()] == [cache.folder.name, recent.name, old.name, older.name, ""]

    pruned = cache.prune(keep_versions=2)

    assert set(pruned.versions) == {old.name, older.name, ""}
    assert pruned.entries == 2 + 2 + 1  # the two old versions' entries and the legacy one
    assert [v.name for v in cache.versions()] == [cache.folder.name, recent.name]
    assert [v.entries for v in cache.versions()] == [2, 2]
    assert not old.exists() and not legacy.exists() and not legacy.parent.exists()
    assert (cache.root / "notes.txt").read_text() == "mine"  # not an entry: kept
    assert (older / "ab" / "mine.txt").read_text() == "mine too"  # and the folder that holds it
    assert not (older / USED_FILE).exists()

    assert cache.prune(keep_versions=1).versions == (recent.name,)
    assert [v.name for v in cache.versions()] == [cache.folder.name]
    gone = cache.prune(keep_versions=0)  # everything, this version's too
    assert gone.entries == 2 and cache.versions() == []


def test_prune_removes_entries_no_build_has_read_for_days(cache):
    read, unread = _entry(cache, "read"), _entry(cache, "unread")
    month_ago = time.time() - 30 * DAY
    for key in (read, unread):
        for f in (cache.folder / key[:2]).glob(f"{key}.*"):
            os.utime(f, (month_ago, month_ago))
    assert cache.get(read) == {"entry": "read"}  # a hit says the entry is still read
    pruned = cache.prune(unused_for=7)
    assert pruned.entries == 1 and pruned.versions == ()
    assert cache.get(read) == {"entry": "read"} and cache.get(unread) is None
    assert not any(cache.folder.rglob(f"{unread}.*"))
    assert cache.prune(unused_for=7).entries == 0


def test_a_build_removes_other_versions_beyond_the_setting(tmp_path, report_paths):
    folder = tmp_path / "cache"
    cache = ReportCache(folder)
    cache.mark_used()
    _entry(cache, "x")
    older = _other_version(cache, "4" * 16, days_ago=10)
    oldest = _other_version(cache, "5" * 16, days_ago=20)
    settings = Settings(cache_dir=folder)
    first = build([report_paths["walsall"]], tmp_path / "out", settings=settings, store=False, validate=False)
    assert first.pruned is not None and first.pruned.versions == (oldest.name,)
    assert older.is_dir() and not oldest.exists()
    again = build([report_paths["walsall"]], tmp_path / "out", settings=Settings(cache_dir=folder, cache_versions=1),
                  store=False, validate=False)
    assert again.cached == 1 and again.pruned is not None and again.pruned.versions == (older.name,)
    assert [v.name for v in ReportCache(folder).versions()] == [cache.folder.name]
    third = build([report_paths["walsall"]], tmp_path / "out", settings=settings, store=False, validate=False)
    assert third.pruned is None and third.cached == 1


def test_the_number_of_versions_kept_must_be_a_whole_number_from_one():
    with pytest.raises(InputError, match="TCE_GRAPH_CACHE_VERSIONS='0'"):
        Settings.from_env({"TCE_GRAPH_CACHE_VERSIONS": "0"})
    with pytest.raises(InputError, match="at least 1"):
        Settings.from_env({"TCE_GRAPH_CACHE_VERSIONS": "two"})
    assert Settings.from_env({"TCE_GRAPH_CACHE_VERSIONS": "3"}).cache_versions == 3


def test_the_cache_commands_list_and_prune(cache):
    _entry(cache, "a")
    other = _other_version(cache, "6" * 16, days_ago=2)
    runner = CliRunner()
    shown = runner.invoke(main, ["cache", "info", "--cache", str(cache.root)], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == f"cache: {cache.root}"
    assert lines[1].strip().startswith(f"{cache.folder.name}  tce-graph ") and "(this version): 1 entry, " in lines[1]
    assert lines[2].strip().startswith(f"{other.name}  tce-graph ") and "this version" not in lines[2]
    assert lines[-1].startswith("2 entries, ")
    pruned = runner.invoke(main, ["cache", "prune", "--cache", str(cache.root), "--keep-versions", "1"],
                           catch_exceptions=False)
    assert pruned.exit_code == 0, pruned.output
    assert pruned.output.startswith("removed 1 entry (") and "every entry of 1 version(s); 1 entry (" in pruned.output
    assert not other.exists()
    cleared = runner.invoke(main, ["cache", "prune", "--cache", str(cache.root), "--all"], catch_exceptions=False)
    assert cleared.exit_code == 0 and "; 0 entries (0 bytes) left" in cleared.output
    empty = runner.invoke(main, ["cache", "info", "--cache", str(cache.root)], catch_exceptions=False)
    assert empty.output.splitlines()[1:] == ["empty"]
