#!/usr/bin/env python3
# coprod — co-production toolkit. Apache-2.0.
"""Writes coprod(1), a man page of every command, from the binary's own description.

Usage: scripts/manpage.py PATH/TO/coprod > coprod.1

It reads `coprod --experimental-dump-help` (ArgumentParser's JSON description of every
command, option and argument), so the page always matches the binary.
"""

import json
import subprocess
import sys


def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or quote."""
    text = (text or "").replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def synopsis(argument):
    """`--name <value>`, `-f`, or `<argument>` as the usage line shows it."""
    preferred = argument.get("preferredName")
    value = argument.get("valueName", "")
    if argument["kind"] == "positional":
        text = f"<{value}>"
    elif argument["kind"] == "flag":
        text = ("--" if preferred["kind"] == "long" else "-") + preferred["name"]
    else:
        text = ("--" if preferred["kind"] == "long" else "-") + preferred["name"] + f" <{value}>"
    if argument.get("isRepeating"):
        text += " ..."
    return f"[{text}]" if argument.get("isOptional") else text


def command_section(command, path):
    """The lines describing `command` (reached by `path`) and, in turn, its subcommands."""
    lines = []
    name = " ".join(path)
    arguments = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    lines.append(f".SS {roff(name)}")
    if command.get("abstract"):
        lines.append(roff(command["abstract"]))
    usage = " ".join(synopsis(a) for a in arguments if a.get("valueName") not in ("help", "version"))
    lines += [".PP", f".B {roff(name)}", roff(usage)]
    if command.get("discussion"):
        lines += [".PP", roff(command["discussion"])]
    for argument in arguments:
        if argument.get("valueName") in ("help", "version"):
            continue
        lines += [".TP", f".B {roff(synopsis(argument).strip('[]'))}", roff(argument.get("abstract", ""))]
        if argument.get("defaultValue") not in (None, ""):
            lines.append(roff(f"(default: {argument['defaultValue']})"))
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
            lines += command_section(sub, path + [sub["commandName"]])
    return lines


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/manpage.py PATH/TO/coprod > coprod.1")
    dump = subprocess.run([sys.argv[1], "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout
    root = json.loads(dump)["command"]
    version = subprocess.run([sys.argv[1], "--version"], check=True, capture_output=True, text=True).stdout.strip()
    lines = [
        f'.TH COPROD 1 "" "coprod {roff(version)}" "User Commands"',
        ".SH NAME",
        "coprod \\- " + roff(root.get("abstract", "")),
        ".SH SYNOPSIS",
        ".B coprod",
        "<command> [<options>]",
        ".SH DESCRIPTION",
        "Every command and its options, from the binary itself. "
        "docs/cli.md in the source tree explains them with examples.",
        ".SH COMMANDS",
    ]
    for sub in root.get("subcommands", []):
        if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
            lines += command_section(sub, ["coprod", sub["commandName"]])
    lines += [
        ".SH FILES",
        ".TP",
        ".I PREFIX/share/coprod/plugins",
        "The plugins bundled with coprod.",
        ".TP",
        ".I $XDG_CONFIG_HOME/coprod",
        "Signing keys (keys/), trusted keys (trusted\\-keys/) and catalogues (else ~/.config/coprod).",
        ".TP",
        ".I $XDG_DATA_HOME/coprod/plugins",
        "Plugins installed with plugins install \\-\\-user (else ~/.local/share/coprod/plugins).",
        ".SH EXIT STATUS",
        "0 on success; 1 for bad input, plugins or workspaces; 2 when a plugin exceeds a limit; "
        "70 for an internal error.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
