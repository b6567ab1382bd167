#!/usr/bin/env python3
"""Says in one line what GoogleTest programs ran, from their XML reports.

    gtest_counts.py --prefix TEXT [--extra TEXT] LABEL=REPORT.xml...

prints "TEXT LABEL N passed, M skipped; ...; EXTRA", then one line per
skipped test with the reason it gave. Exits 1 when a report is missing or
holds a failure, so a caller that ignored the test program's own status
still fails.
"""
import argparse
import sys
import xml.etree.ElementTree as ET


def count(report):
    """(passed, failed, [(test, reason)] skipped) of one report."""
    passed, failed, skipped = 0, 0, []
    for case in ET.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        skip = case.find("skipped")
        if case.find("failure") is not None:
            failed += 1
        elif skip is not None or case.get("result") == "skipped":
            reason = (skip.get("message", "") if skip is not None else "").strip()
            skipped.append((name, reason.splitlines()[-1] if reason else ""))
        elif case.get("status", "run") == "run":
            passed += 1
    return passed, failed, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="")
    parser.add_argument("--extra", default="")
    parser.add_argument("reports", nargs="+", metavar="LABEL=REPORT.xml")
    args = parser.parse_args()

    parts, notes, ok = [], [], True
    for item in args.reports:
        label, _, path = item.partition("=")
        try:
            passed, failed, skipped = count(path)
        except (OSError, ET.ParseError) as error:
            print(f"gtest_counts.py: error: cannot read {path}: {error}", file=sys.stderr)
            return 1
        ok = ok and failed == 0
        part = f"{label} {passed} passed"
        if failed:
            part += f", {failed} failed"
        parts.append(part + f", {len(skipped)} skipped")
        notes += [f"  skipped: {name}: {reason}" for name, reason in skipped]
    if args.extra:
        parts.append(args.extra)
    print("\n".join(notes))
    print(" ".join(filter(None, [args.prefix, "; ".join(parts)])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
