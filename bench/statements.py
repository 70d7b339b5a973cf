#!/usr/bin/env python3
"""Turns what PostgreSQL logged for one service request into a pgbench script.

Usage: statements.py LOG OFFSET MARKER SCRIPT

Reads LOG (PostgreSQL's log, with log_min_duration_statement = 0 for the benchmark database)
from byte OFFSET, takes every statement executed between the lines that log
`SELECT 'MARKER:start'` and `SELECT 'MARKER:end'`, and writes them to SCRIPT one per line for
pgbench, each parameter as a pgbench variable (`:MARKER_n`), so that `pgbench -M prepared`
sends them as parameters of prepared statements, as the service does. The variables' logged
values go to SCRIPT.vars, one `name=value` per line, for pgbench's `-D`. Exits non-zero if it
finds no statement.
"""
import re
import sys

EXECUTE = re.compile(r"LOG:  duration: [0-9.]+ ms  execute [^:]+: (.*)$")
DETAIL = re.compile(r"DETAIL:  parameters: (.*)$")
PARAMETER = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")


def variable(variables: dict, marker: str, n: str, values: dict) -> str:
    """The pgbench variable for parameter n of the current statement (NULL stays literal)."""
    value = values.get(n)
    if value is None or value == "NULL":
        return "NULL"
    name = f"{marker}_{len(variables) + 1}"
    variables[name] = value[1:-1].replace("''", "'")
    return ":" + name


def main() -> int:
    log, offset, marker, script = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    variables = {}
    with open(log, "rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").splitlines()
    inside, statements, pending = False, [], None
    for line in lines:
        if f"'{marker}:start'" in line:
            inside = True
            continue
        if f"'{marker}:end'" in line:
            break
        if not inside:
            continue
        if line.startswith("\t") and pending is not None:
            pending += " " + line.strip()  # a statement's continuation line
            continue
        executed = EXECUTE.search(line)
        if executed:
            if pending is not None:
                statements.append(pending)
            pending = executed.group(1)
            continue
        detail = DETAIL.search(line)
        if detail and pending is not None:
            values = dict(PARAMETER.findall(detail.group(1)))
            names = {}  # $n used twice in one statement is one variable

            def name(m):
                if m.group(1) not in names:
                    names[m.group(1)] = variable(variables, marker, m.group(1), values)
                return names[m.group(1)]

            pending = re.sub(r"\$(\d+)\b", name, pending)
            statements.append(pending)
            pending = None
    if pending is not None:
        statements.append(pending)
    if not statements:
        print(f"no statements logged for {marker}", file=sys.stderr)
        return 1
    with open(script, "w") as out:
        for statement in statements:
            out.write(" ".join(statement.split()) + ";\n")
    with open(script + ".vars", "w") as out:
        for name, value in variables.items():
            out.write(f"{name}={value}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
