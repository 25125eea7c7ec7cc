#!/usr/bin/env python3
"""The ratio figures of bench/ratios.py for every results file, as one markdown table: a row per
file in date order (then by the time of its first run, then by name), a column per figure
(blank where the file lacks it), met targets marked with a check and missed ones with a cross.

    bench/history.py                                # prints the table
    bench/history.py --write docs/PERFORMANCE.md    # replaces the table between its markers

Deterministic: the output depends only on the files in bench/results/. Files measured with
uncommitted changes ("-dirty") are kept and marked; files holding none of the figures (the
gateway isolation runs) are left out and counted under the table. Standard library only.
"""

import argparse
import glob
import os
import sys

sys.dont_write_bytecode = True  # no bench/__pycache__ beside the scripts
import ratios  # noqa: E402 (after the line above on purpose)

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN = "<!-- ratio-history:begin (bench/history.py --write docs/PERFORMANCE.md) -->"
END = "<!-- ratio-history:end -->"


def order(path, records):
    """Date (from the name), then the first run's time, then the name."""
    name = os.path.basename(path)
    first_time = next((r["time"] for r in records if "time" in r), "")
    return (name[:10], first_time, name)


def cell(figure, value):
    if value is None:
        return ""
    mark = {None: "", True: " ✓", False: " ✗"}[figure.met(value)]
    return figure.format(value) + mark


def table(results_dir):
    files = []
    for path in glob.glob(os.path.join(results_dir, "*.jsonl")):
        records = ratios.load(path)
        files.append((order(path, records), path, records))
    files.sort()
    header = ["results file"] + [
        figure.column + (f" ({figure.target_text()})" if figure.target is not None else "")
        .replace(">=", "≥").replace("<=", "≤") for figure in ratios.FIGURES]
    lines = ["| " + " | ".join(header) + " |",
             "|---" + "|---:" * len(ratios.FIGURES) + "|"]
    left_out = []
    for _, path, records in files:
        name = os.path.basename(path)[:-len(".jsonl")]
        values = ratios.evaluate(records)
        if all(value is None for _, value in values):
            left_out.append(name)
            continue
        if name.endswith("-dirty"):
            name += " (uncommitted changes)"
        lines.append("| " + " | ".join([name] + [cell(f, v) for f, v in values]) + " |")
    if left_out:
        lines.append("")
        lines.append(f"Left out, holding none of these figures: {', '.join(left_out)}.")
    return "\n".join(lines) + "\n"


def write_into(doc_path, text):
    with open(doc_path, encoding="utf-8") as doc:
        content = doc.read()
    begin = content.find(BEGIN)
    end = content.find(END)
    if begin < 0 or end < begin:
        sys.exit(f"history: {doc_path} has no {BEGIN!r} ... {END!r} markers")
    content = content[:begin + len(BEGIN)] + "\n" + text + content[end:]
    with open(doc_path, "w", encoding="utf-8") as doc:
        doc.write(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", default=os.path.join(HERE, "results"),
                        help="the folder of .jsonl files (default: bench/results)")
    parser.add_argument("--write", metavar="DOC",
                        help="replace the table between the markers in this markdown file")
    args = parser.parse_args()
    text = table(args.results)
    if args.write:
        write_into(args.write, text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
