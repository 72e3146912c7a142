#!/usr/bin/env bash
# Static security checks for CI and for humans:
#   1. bandit on service/ (medium severity and above), configured by bandit.yaml;
#   2. pip-audit of the audited runtime set in constraints.txt.
#
# Exit status: 0 when both pass; 1 when bandit reports an issue, pip-audit finds a known
# vulnerability, or pip-audit fails for a reason other than the network. The audit is
# offline-tolerant: when the vulnerability service cannot be reached (DNS, connection,
# timeout), or answers for none of the pinned versions, it prints a WARNING and does not
# fail the build -- a later run with network access will.
#
# Environment:
#   PYTHON         interpreter with bandit and pip-audit installed (default: .venv/bin/python)
#   AUDIT_SERVICE  pip-audit vulnerability service: pypi (default), osv or esms
#   AUDIT_OSV_URL  alternative OSV query URL (with AUDIT_SERVICE=osv; e.g. an internal mirror)
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
AUDIT_SERVICE=${AUDIT_SERVICE:-pypi}
status=0

echo "== bandit: service/ (medium and above)"
if "$PYTHON" -m bandit -c bandit.yaml -r service -ll -q; then
  echo "ok: bandit found no medium or high severity issue"
else
  echo "FAIL: bandit reported issues (fix them, or justify a '# nosec Bxxx - reason')" >&2
  status=1
fi

echo "== pip-audit: constraints.txt (service: $AUDIT_SERVICE)"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
audit_args=(-r constraints.txt --no-deps --disable-pip --progress-spinner off
            --vulnerability-service "$AUDIT_SERVICE" --format json --output "$workdir/report.json")
if [ -n "${AUDIT_OSV_URL:-}" ]; then
  audit_args+=(--osv-url "$AUDIT_OSV_URL")
fi
"$PYTHON" -m pip_audit "${audit_args[@]}" >"$workdir/stdout" 2>"$workdir/stderr"
audit_rc=$?

# Classify the outcome from the JSON report (not from the exit code alone: with the pypi
# service, versions the index cannot describe are *skipped* and pip-audit still exits 0).
"$PYTHON" - "$workdir/report.json" "$workdir/stderr" "$audit_rc" <<'PY'
import json
import re
import sys

report_path, stderr_path, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
stderr = open(stderr_path, encoding="utf-8", errors="replace").read()
NETWORK = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|Failed to resolve|"
    r"Temporary failure in name resolution|Connection refused|ConnectTimeout|ReadTimeout|"
    r"timed out|Network is unreachable|SSLError"
)
try:
    report = json.load(open(report_path, encoding="utf-8"))
except (OSError, ValueError):
    report = None

if report is None:
    tail = "\n".join(stderr.strip().splitlines()[-3:])
    if NETWORK.search(stderr):
        print("WARNING: vulnerability service unreachable; dependencies NOT audited:\n" + tail)
        sys.exit(0)
    print(f"FAIL: pip-audit failed (exit {rc}) without a report:\n{tail}", file=sys.stderr)
    sys.exit(1)

deps = report.get("dependencies", [])
vulnerable = [d for d in deps if d.get("vulns")]
skipped = [d for d in deps if d.get("skip_reason")]
audited = len(deps) - len(skipped)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
        print(f"VULNERABLE: {dep['name']}=={dep.get('version')} {vuln.get('id')} "
              f"(aliases: {', '.join(vuln.get('aliases') or []) or '-'}; fixed in: {fixes})")
if vulnerable:
    print(f"FAIL: {len(vulnerable)} of {len(deps)} pinned packages have known vulnerabilities",
          file=sys.stderr)
    sys.exit(1)
if rc != 0:
    print(f"FAIL: pip-audit exited {rc}:\n{stderr.strip()[-2000:]}", file=sys.stderr)
    sys.exit(1)
if skipped:
    names = ", ".join(d["name"] for d in skipped)
    what = "NONE of the" if audited == 0 else f"{len(skipped)} of {len(deps)}"
    print(f"WARNING: {what} pinned packages could be audited (the service does not know "
          f"these versions or is not reachable): {names}")
    sys.exit(0)
print(f"ok: {audited} pinned packages audited, no known vulnerabilities")
PY
[ $? -eq 0 ] || status=1

exit $status
