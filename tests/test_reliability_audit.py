"""The CI dependency audit's verdict (.ci/audit.py): an advisory fails unless acknowledged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "audit.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ci_audit"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules["ci_audit"]


def _report(*vulns: dict, skipped: int = 0) -> dict:
    deps = [{"name": "safe", "version": "1.0", "vulns": []},
            {"name": "leaky", "version": "2.0", "vulns": list(vulns)}]
    deps += [{"name": f"gone{i}", "skip_reason": "Dependency not found on PyPI"} for i in range(skipped)]
    return {"dependencies": deps}


ADVISORY = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["2.1"]}


def test_reliability_audit_an_advisory_fails_the_run(audit) -> None:
    verdict = audit.decide(_report(ADVISORY), {}, required=False)
    assert verdict.failed
    assert any(line.startswith("ADVISORY leaky==2.0: PYSEC-2099-1") for line in verdict.lines)


@pytest.mark.parametrize("vuln_id", ["PYSEC-2099-1", "CVE-2099-0001"])
def test_reliability_audit_an_acknowledged_advisory_passes(audit, vuln_id: str) -> None:
    ignores = audit.read_ignores(f"# header\n{vuln_id} not reachable from our code\n")
    verdict = audit.decide(_report(ADVISORY), ignores, required=True)
    assert not verdict.failed
    assert any("acknowledged" in line and "not reachable" in line for line in verdict.lines)


def test_reliability_audit_an_acknowledgement_needs_a_reason(audit) -> None:
    with pytest.raises(ValueError, match="no reason"):
        audit.read_ignores("PYSEC-2099-1\n")


def test_reliability_audit_unreachable_database_is_said_and_fails_when_required(audit) -> None:
    report = {"dependencies": [{"name": "a", "skip_reason": "Dependency not found on PyPI"}]}
    lenient = audit.decide(report, {}, required=False)
    assert not lenient.failed and "NOT DONE" in lenient.lines[0]
    assert audit.decide(report, {}, required=True).failed
    partly = audit.decide(_report(skipped=2), {}, required=True)
    assert not partly.failed and any("2 of 4 packages not audited" in x for x in partly.lines)


def test_reliability_audit_ignore_file_in_the_repo_is_well_formed(audit) -> None:
    audit.read_ignores((SCRIPT.parent / "audit-ignore").read_text("utf-8"))


def test_reliability_audit_main_decides_a_saved_report(audit, tmp_path, capsys) -> None:
    import json

    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report(ADVISORY)))
    ignore = tmp_path / "ignore"
    ignore.write_text("")
    args = ["--lock", "x", "--ignore", str(ignore), "--pip-audit", "none", "--report", str(report)]
    assert audit.main(args) == 1
    ignore.write_text("GHSA-xxxx-yyyy is not it\nPYSEC-2099-1 fixed upstream, lock bump pending\n")
    assert audit.main(args) == 0
