"""Keeps the Rule and Outcome columns of `dataflow quality check --csv` files (the failure reasons are worded
differently by each engine, and the DQDL parity job compares outcomes)."""
import csv
import sys

for path in sys.argv[1:]:
    with open(path, newline="") as f:
        rows = [(row["Rule"], row["Outcome"]) for row in csv.DictReader(f)]
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Rule", "Outcome"])
        writer.writerows(rows)
