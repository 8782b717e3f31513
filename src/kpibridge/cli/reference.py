"""The CLI reference page, generated from the commands themselves."""

from __future__ import annotations

from typing import Any

import typer


def cli_reference(app: typer.Typer) -> str:
    """Markdown with every command, its arguments and options."""
    group: Any = typer.main.get_command(app)
    context = group.context_class(group, info_name="kpibridge")
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands (`kpibridge docs` writes this page). Every command that",
        "works on a workspace takes `-w DIR`; without it, `$KPIBRIDGE_WORKSPACE`, then the",
        "current directory. Errors print one clear message and exit with status 1.",
        "",
    ]
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        lines += _command(name, command, context)
    return "\n".join(lines) + "\n"


def _command(name: str, command: Any, parent: Any) -> list[str]:
    context = command.context_class(command, info_name=name.split()[-1], parent=parent)
    if hasattr(command, "list_commands"):  # a group: document each of its commands
        lines = [f"## kpibridge {name}", "", (command.help or "").strip().split("\n")[0], ""]
        for sub in command.list_commands(context):
            found = command.get_command(context, sub)
            if found is not None and not found.hidden:
                lines += _command(f"{name} {sub}", found, context)
        return lines
    usage = " ".join(command.collect_usage_pieces(context))
    lines = [
        f"## kpibridge {name}",
        "",
        (command.help or "").strip().split("\n")[0],
        "",
        "```",
        f"kpibridge {name} {usage}".rstrip(),
        "```",
        "",
    ]
    rows = []
    for param in command.params:
        if param.name == "help":
            continue
        record = param.get_help_record(context)
        if record is None:
            continue
        flags, text = record
        rows.append(f"| `{flags.replace('|', '/')}` | {text.replace('|', '/')} |")
    if rows:
        lines += ["| argument / option | meaning |", "|---|---|", *rows, ""]
    return lines
