"""Regenerate the README's ``$ kg …`` transcripts from real output.

Every fenced block of README.md whose commands (lines starting with ``$ ``)
are all ``kg`` commands that read the local graph (not ``serve``,
``publish`` or ``--endpoint``), or ``echo $?``, is run again in one bash
shell at the repository root, with ``.venv/bin`` first on the PATH, and
the lines under each command are replaced by what it printed (stdout and
stderr). The ``make demo`` transcript (commands written ``.venv/bin/kg …``
and ``mkdir …``, without ``$``) is run the same way. Other blocks are left
alone.

    .venv/bin/python tools/transcripts.py           # rewrite README.md
    .venv/bin/python tools/transcripts.py --check   # exit 1 when a transcript is stale
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SKIP = ("kg serve", "kg publish", "--endpoint")


def _runnable(commands):
    return commands and all((c.startswith("kg ") and not any(s in c for s in _SKIP)) or c == "echo $?"
                            for c in commands)


def _run(commands):
    """The output of each command, run in order in one shell."""
    script = []
    for i, c in enumerate(commands):
        script.append(f"{c} 2>&1; __rc=$?; echo '@@{i}@@'; (exit $__rc)")
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "100"}
    out = subprocess.run(["bash", "-c", "\n".join(script)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600).stdout
    parts, rest = [], out
    for i in range(len(commands)):
        head, _, rest = rest.partition(f"@@{i}@@\n")
        parts.append(head.rstrip("\n").splitlines())
    return parts


def regenerate(text):
    """``text`` (a README) with every runnable transcript replaced by fresh output."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        out.append(lines[i])
        if not lines[i].startswith("```"):
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```"))
        body = lines[i + 1:end]
        commands = [b[2:] for b in body if b.startswith("$ ")]
        demo = [b for b in body if b.startswith((".venv/bin/kg ", "mkdir "))]
        if lines[i].strip() == "```" and body and body[0].startswith("$ ") and _runnable(commands):
            for command, output in zip(commands, _run(commands)):
                out += [f"$ {command}", *output]
        elif lines[i].strip() == "```" and body and body[0].startswith(".venv/bin/kg "):  # the make demo transcript
            for command, output in zip(demo, _run(demo)):
                out += [command, *output]
        else:
            out += body
        out.append(lines[end])
        i = end + 1
    return "\n".join(out) + "\n"


def main(argv):
    readme = ROOT / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = regenerate(old)
    if "--check" in argv:
        return int(new != old)
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
