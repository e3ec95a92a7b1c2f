"""The published site the publish, serve and browser tests share: the five bundled reports and one hostile
report (a copy of Walsall's renamed Scriptton, with a ``<script>``, an ``<img onerror>`` and a
``javascript:`` link written into its text), built once with their texts, then published once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tce_graph import build
from tce_graph.publish import publish

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "reports"
HOSTILE_LINE = 27  # the line of walsall.txt the hostile markup is written into
HOSTILE = ('[rapid evidence scope](javascript:alert(1)) and <script>document.title="pwned"</script> '
           '<img src=x onerror="document.title=\'pwned\'">')


@dataclass
class Published:
    out: Path  # the build folder (exports, store/, text/)
    site: Path
    result: object  # PublishResult
    hostile_text: str


_CACHE: dict[str, Published] = {}


def hostile_report(folder: Path) -> Path:
    """Walsall's report renamed Scriptton (agencies too), with markup and a script link in line 27."""
    lines = (REPORTS / "walsall.txt").read_text(encoding="utf-8").split("\n")
    lines = [line.replace("West Midlands Police", "Scriptton Police").replace("Walsall", "Scriptton") for line in lines]
    lines[HOSTILE_LINE - 1] = lines[HOSTILE_LINE - 1].replace("[rapid evidence scope](#)", HOSTILE, 1)
    path = folder / "scriptton.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def published_site(tmp_path_factory) -> Published:
    """Build and publish once per test session."""
    if "site" not in _CACHE:
        work = tmp_path_factory.mktemp("publish")
        reports = work / "reports"
        reports.mkdir()
        for f in sorted(REPORTS.glob("*.txt")):
            (reports / f.name).write_bytes(f.read_bytes())
        hostile = hostile_report(reports)
        out = work / "out"
        build([reports], out, keep_text=True, validate=False, workers=1)
        site = work / "site"
        result = publish(out / "store", site, workers=1)
        _CACHE["site"] = Published(out, site, result, hostile.read_text(encoding="utf-8"))
    return _CACHE["site"]
