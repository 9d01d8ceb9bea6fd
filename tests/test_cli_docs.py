"""The command-line reference (docs/reference/cli.md) names every command and option."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from iso18295._cli.main import parser

CLI_DOC = Path(__file__).resolve().parents[1] / "docs" / "reference" / "cli.md"


def _commands() -> dict[str, argparse.ArgumentParser]:
    top = parser()
    (commands,) = (a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(commands.choices)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_option_of_every_command_is_documented(command: str) -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    assert f"## `iso18295 {command}`" in text
    options = [
        option
        for action in _commands()[command]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    assert [o for o in options if f"{o}" not in text] == []
