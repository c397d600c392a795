"""Decide a dependency audit from pip-audit's JSON report (standard library only).

Exit 1: an advisory not acknowledged in the ignore file, or a malformed ignore file, or
(with CORMORANT_AUDIT_REQUIRED=1) an audit that could not be done. Exit 0 otherwise,
printing what was audited, what was acknowledged and what could not be looked up.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Verdict:
    failed: bool
    lines: list[str] = field(default_factory=list)


def read_ignores(text: str) -> dict[str, str]:
    """Advisory id -> reason; raises ValueError for an entry without a reason."""
    ignores: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"line {n}: {vuln_id} has no reason")
        ignores[vuln_id] = reason.strip()
    return ignores


def decide(report: dict, ignores: dict[str, str], *, required: bool) -> Verdict:
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    skipped = [d for d in deps if "skip_reason" in d]
    v = Verdict(failed=False)
    for dep in audited:
        for vuln in dep.get("vulns", []):
            ids = [vuln.get("id", "?"), *vuln.get("aliases", [])]
            known = next((i for i in ids if i in ignores), None)
            where = f"{dep['name']}=={dep.get('version', '?')}: {' / '.join(ids)}"
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
            if known is not None:
                v.lines.append(f"acknowledged {where} ({ignores[known]})")
            else:
                v.failed = True
                v.lines.append(f"ADVISORY {where}; fixed in {fixes}")
    if not audited:
        why = skipped[0]["skip_reason"] if skipped else "pip-audit gave no report"
        v.lines.append(f"dependency audit NOT DONE: no package could be looked up in the advisory "
                       f"database ({len(skipped)} skipped; first: {why})")
        v.failed = v.failed or required
    elif skipped:
        v.lines.append(f"warning: {len(skipped)} of {len(deps)} packages not audited: "
                       + ", ".join(d["name"] for d in skipped))
    if audited:
        bad = sum(1 for line in v.lines if line.startswith("ADVISORY"))
        v.lines.append(f"dependency audit: {len(audited)} packages audited, {bad} unacknowledged "
                       "advisories")
    return v


def run_pip_audit(pip_audit: str, lock: str) -> dict:
    if not Path(pip_audit).exists():
        return {"dependencies": [], "error": f"{pip_audit} is not installed"}
    try:
        done = subprocess.run(
            [pip_audit, "-r", lock, "--no-deps", "--disable-pip", "--progress-spinner", "off",
             "--desc", "off", "-f", "json"],
            capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {"dependencies": [], "error": str(e)}
    try:
        # pip-audit exits 1 when it finds advisories; the JSON report is what counts.
        return json.loads(done.stdout)
    except ValueError:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"dependencies": [], "error": f"pip-audit failed: {tail[0]}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lock", required=True)
    ap.add_argument("--ignore", required=True)
    ap.add_argument("--pip-audit", required=True)
    ap.add_argument("--report", help="a pip-audit JSON report to decide instead of running it")
    args = ap.parse_args(argv)
    try:
        ignores = read_ignores(Path(args.ignore).read_text("utf-8"))
    except ValueError as e:
        print(f"{args.ignore}: {e}", file=sys.stderr)
        return 1
    if args.report:
        report = json.loads(Path(args.report).read_text("utf-8"))
    else:
        report = run_pip_audit(args.pip_audit, args.lock)
    if report.get("error"):
        print(f"pip-audit: {report['error']}", file=sys.stderr)
    verdict = decide(report, ignores, required=os.environ.get("CORMORANT_AUDIT_REQUIRED") == "1")
    for line in verdict.lines:
        print(line, file=sys.stderr if verdict.failed else sys.stdout)
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main())
