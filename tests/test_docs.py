"""The documentation keeps up with the code (in the spirit of sqlite-utils' tests/test_docs.py): every
command and option has help text and is named in the README, every saved query describes itself and
is listed there, and the README's layout section names every stage folder of the package."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from tce_graph.cli import main
from tce_graph.query import list_queries

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "tce_graph"


def _commands(group: click.Group, prefix: str = "tce-graph"):
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield path, cmd
            yield from _commands(cmd, path)
        else:
            yield path, cmd


COMMANDS = list(_commands(main))
OPTIONS = [(path, opt) for path, cmd in COMMANDS for opt in cmd.params
           if isinstance(opt, click.Option) and opt.name not in ("help", "version")]


def test_the_command_list_is_what_the_package_offers():
    names = {path for path, _ in COMMANDS}
    assert {"tce-graph build", "tce-graph extract", "tce-graph validate", "tce-graph load", "tce-graph query",
            "tce-graph query run"} <= names


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_and_is_in_the_readme(path, cmd):
    assert (cmd.help or "").strip(), f"{path} has no help text"
    assert f"`{path}" in README, f"the README does not name `{path}`"


@pytest.mark.parametrize("path,opt", OPTIONS, ids=[f"{p} {o.opts[0]}" for p, o in OPTIONS])
def test_every_option_has_help_and_is_in_the_readme(path, opt):
    assert (opt.help or "").strip(), f"{path} {opt.opts[0]} has no help text"
    section = _readme_entry(path)
    for flag in (o for o in opt.opts + opt.secondary_opts if o.startswith("--")):
        assert flag in section, f"the README's entry for `{path}` does not name {flag}"


def _readme_entry(path: str) -> str:
    """The README's bullet for a command under '## Commands' (a group's bullet covers its commands)."""
    commands = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    entries = re.split(r"\n(?=- `)", commands)
    words = path.split()
    for n in range(len(words), 1, -1):  # "tce-graph query run" falls back to the "tce-graph query" entry
        head = " ".join(words[:n])
        found = [e for e in entries if f"`{head}" in e]
        if found:
            return "\n".join(found)
    raise AssertionError(f"no README entry under '## Commands' for `{path}`")


QUERIES = list_queries()


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_saved_query_describes_itself_and_is_listed_in_the_readme(query):
    assert query.summary.strip(), f"{query.name} has no #+ summary"
    assert query.description.strip(), f"{query.name} has no #+ description"
    assert f"`{query.name}`" in README, f"the README does not list the saved query `{query.name}`"


def test_the_readme_layout_names_every_stage_folder_and_module():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()
                     and not p.name.startswith("_"))
    assert folders, "no stage folders found"
    for folder in folders:
        assert f"{folder}/" in layout, f"the README's layout section does not name {folder}/"
        for module in sorted(p.stem for p in (PACKAGE / folder).glob("*.py") if p.stem != "__init__"):
            assert module in _stage_words(layout, folder), f"the README's layout does not name {folder}/{module}"
    for module in sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")):
        assert f"{module}.py" in layout, f"the README's layout section does not name {module}.py"


def _stage_words(layout: str, folder: str) -> set[str]:
    """The words of a stage folder's entry in the layout block (its line and the indented lines after it)."""
    lines = layout.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{folder}/"))
    entry = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        entry.append(line)
    return set(re.findall(r"[a-z_]+", " ".join(entry)))


def test_the_readme_extract_sample_is_what_extract_prints():
    """The README shows `extract --format text` on Walsall as it prints today (not an older form)."""
    from click.testing import CliRunner

    from tce_graph.cli import main

    command = "$ tce-graph extract data/reports/walsall.txt --format text\n"
    shown = README.split(command, 1)[1].split("```", 1)[0]
    printed = CliRunner().invoke(main, ["extract", str(ROOT / "data" / "reports" / "walsall.txt"), "--format", "text"])
    assert printed.exit_code == 0 and shown == printed.output
