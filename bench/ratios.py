#!/usr/bin/env python3
"""Each benchmark figure of one run as a ratio to its ceiling measured in the same run, against
the targets of issue 18 ("benchmarks that stop the erosion"): absolute throughputs drift with the
machine, ratios to the database's and gRPC's own ceilings on the same machine do not.

    bench/ratios.py bench/results/2026-11-24-42147c5-planner.jsonl
    bench/ratios.py --append results.jsonl   # also appends the figures as "ratio" JSON lines

Reads the JSON lines bench/run.sh writes (coalition-bench runs, bench/ceiling.sh's "ceiling"
lines, "rss" and "close" lines); a figure whose inputs the file lacks is shown as "-". Standard
library only (bench/history.py imports it for the table over all results files).
"""

import argparse
import json
import sys

EARN = "skewed-20"  # the earn runs' variant in bench/run.sh


def load(path):
    """The file's JSON lines, in order; blank lines and our own "ratio" lines are skipped."""
    records = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                record = json.loads(line)
                if record.get("scenario") != "ratio":
                    records.append(record)
    return records


def last(records, scenario, variant=None, concurrency=None, mode=None):
    """The last line matching (a rerun appended later wins), or None."""
    found = None
    for record in records:
        if (record.get("scenario") == scenario
                and (variant is None or record.get("variant") == variant)
                and (concurrency is None or record.get("concurrency") == concurrency)
                and (mode is None or record.get("mode") == mode)):
            found = record
    return found


def per_s(record):
    return None if record is None else record.get("ok_per_s")


def p99_ms(record):
    return None if record is None or record.get("p99_us") is None else record["p99_us"] / 1000


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def max_rss_mb(records):
    """The largest peak RSS (VmHWM, "55948 kB") of any service process, in MiB."""
    sizes = []
    for record in records:
        if record.get("scenario") == "rss":
            number, _, unit = str(record.get("vmhwm", "")).partition(" ")
            if number.isdigit() and unit == "kB":
                sizes.append(int(number) / 1024)
    return max(sizes) if sizes else None


class Figure:
    """One figure: a key for JSON, a column name, how to compute it, and its target if any."""

    def __init__(self, key, name, column, compute, kind, target=None, bound=">=", digits=2):
        self.key = key  # the "variant" of its "ratio" JSON line
        self.name = name  # for the table of one run
        self.column = column  # for the history table
        self.compute = compute  # records -> number or None
        self.kind = kind  # "ratio", "per_s", "ms" or "MB"
        self.target = target
        self.bound = bound  # ">=", or "<=" / "<" for upper bounds (latency, memory)
        self.digits = digits

    def met(self, value):
        if value is None or self.target is None:
            return None
        return {">=": value >= self.target, "<=": value <= self.target,
                "<": value < self.target}[self.bound]

    def format(self, value):
        if value is None:
            return "-"
        if self.kind == "per_s":
            return f"{value:,.0f}"
        return f"{value:.{self.digits}f}" + ("x" if self.kind == "ratio" else "")

    def target_text(self):
        if self.target is None:
            return ""
        if self.kind == "per_s":
            return f"{self.bound} {self.target:,.0f}/s"
        unit = {"ratio": "x", "ms": " ms", "MB": " MB"}[self.kind]
        return f"{self.bound} {self.target:g}{unit}"


def earn(records, clients):
    return per_s(last(records, "earn", EARN, clients, "closed"))


def ceiling(records, threads):
    return per_s(last(records, "ceiling", concurrency=threads))


def bulk(records):
    record = last(records, "bulk", mode="closed")
    if record is not None and record.get("calls_ok") == 0 and not record.get("errors"):
        return None  # no call of the measured window came back: the window was too short
    return per_s(record)


def ping(records):
    return per_s(last(records, "ping", "grpc-only"))


FIGURES = [
    Figure("earn-1/ceiling-1", "earn, 1 client / DB ceiling, 1 connection", "earn 1 / ceil 1",
           lambda r: ratio(earn(r, 1), ceiling(r, 1)), "ratio", 0.6),
    Figure("earn-16/ceiling-16", "earn, 16 clients / DB ceiling, 16 connections",
           "earn 16 / ceil 16", lambda r: ratio(earn(r, 16), ceiling(r, 16)), "ratio", 1.5),
    Figure("earn-64/ceiling-64", "earn, 64 clients / DB ceiling, 64 connections",
           "earn 64 / ceil 64", lambda r: ratio(earn(r, 64), ceiling(r, 64)), "ratio"),
    Figure("earn-p99-ms-at-80pct-of-peak", "earn p99 at 80% of the 16-client peak (ms)",
           "earn p99 @80%", lambda r: p99_ms(last(r, "earn", "80pct-of-peak")), "ms", 20,
           bound="<=", digits=1),
    Figure("bulk-per-s", "bulk (RecordPurchases): purchases/s", "bulk /s", bulk, "per_s",
           20_000),
    Figure("bulk/ceiling-1", "bulk purchases/s / DB ceiling, 1 connection", "bulk / ceil 1",
           lambda r: ratio(bulk(r), ceiling(r, 1)), "ratio", 4),
    Figure("bulk/ceiling-16", "bulk purchases/s / DB ceiling, 16 connections", "bulk / ceil 16",
           lambda r: ratio(bulk(r), ceiling(r, 16)), "ratio"),
    Figure("redeem-16/earn-16", "redeem, 16 clients / earn, 16 clients", "redeem 16 / earn 16",
           lambda r: ratio(per_s(last(r, "redeem", "spread-members", 16)), earn(r, 16)), "ratio",
           0.5),
    Figure("summary-per-s", "GetMemberSummary at saturation (64 clients)", "summary /s",
           lambda r: per_s(last(r, "summary", "saturation")), "per_s", 10_000),
    Figure("summary/ping", "GetMemberSummary at saturation / gRPC-only ping", "summary / ping",
           lambda r: ratio(per_s(last(r, "summary", "saturation")), ping(r)), "ratio",
           digits=3),
    Figure("summary-p99-ms-at-1000-per-s", "GetMemberSummary p99 at 1,000/s (ms)",
           "summary p99 @1k/s", lambda r: p99_ms(last(r, "summary", "1000-per-s")), "ms", 2,
           bound="<="),
    Figure("balance/ping", "GetBalance at saturation / gRPC-only ping", "balance / ping",
           lambda r: ratio(per_s(last(r, "balance", "saturation")), ping(r)), "ratio", digits=3),
    Figure("close-postings-per-s", "settlement close: postings/s", "close postings/s",
           lambda r: per_s(last(r, "close")), "per_s", 200_000),
    Figure("max-rss-mb", "largest peak RSS of any service (MiB)", "max RSS", max_rss_mb,
           "MB", 100, bound="<", digits=0),
]


def evaluate(records):
    """[(figure, value or None)] in FIGURES' order."""
    return [(figure, figure.compute(records)) for figure in FIGURES]


def met_text(met):
    return {None: "", True: "met", False: "not met"}[met]


def print_table(values, out):
    out.write(f"{'figure':<52} {'value':>10}  {'target':<14} {'':<7}\n")
    for figure, value in values:
        out.write(f"{figure.name:<52} {figure.format(value):>10}  {figure.target_text():<14} "
                  f"{met_text(figure.met(value))}\n".rstrip() + "\n")


def json_lines(values, commit):
    """The figures present as JSON lines (scenario "ratio"); absent figures are left out."""
    lines = []
    for figure, value in values:
        if value is None:
            continue
        line = {"scenario": "ratio", "variant": figure.key, "commit": commit,
                "value": round(value, 4)}
        if figure.target is not None:
            line["target"] = figure.target_text()
            line["met"] = figure.met(value)
        lines.append(json.dumps(line, separators=(",", ":")))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", help="a bench/results/*.jsonl file")
    parser.add_argument("--append", action="store_true",
                        help="append the figures to the file as JSON lines (scenario \"ratio\")")
    args = parser.parse_args()
    records = load(args.results)
    values = evaluate(records)
    print_table(values, sys.stdout)
    if args.append:
        commit = next((r["commit"] for r in records if "commit" in r), "unknown")
        with open(args.results, "a", encoding="utf-8") as out:
            for line in json_lines(values, commit):
                out.write(line + "\n")


if __name__ == "__main__":
    main()
