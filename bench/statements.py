#!/usr/bin/env python3
"""Turns what PostgreSQL logged for one service request into a pgbench script.

Usage: statements.py LOG OFFSET MARKER > script.sql

Reads LOG (PostgreSQL's log, with log_min_duration_statement = 0 for the benchmark database)
from byte OFFSET, takes every statement executed between the lines that log
`SELECT 'MARKER:start'` and `SELECT 'MARKER:end'`, writes each parameter's logged value into
its statement as a literal, and prints the statements one per line: the same SQL the service
sent, for pgbench to run. Exits non-zero if it finds no statement.
"""
import re
import sys

EXECUTE = re.compile(r"LOG:  duration: [0-9.]+ ms  execute [^:]+: (.*)$")
DETAIL = re.compile(r"DETAIL:  parameters: (.*)$")
PARAMETER = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")


def main() -> int:
    log, offset, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3]
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
            pending = re.sub(r"\$(\d+)\b", lambda m: values.get(m.group(1), m.group(0)), pending)
            statements.append(pending)
            pending = None
    if pending is not None:
        statements.append(pending)
    if not statements:
        print(f"no statements logged for {marker}", file=sys.stderr)
        return 1
    for statement in statements:
        print(" ".join(statement.split()) + ";")
    return 0


if __name__ == "__main__":
    sys.exit(main())
