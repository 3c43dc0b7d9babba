#!/usr/bin/env python
"""Table of the load benchmark (medians over runs, errors summed), with ratios to the admin
baseline.

.venv/bin/python bench/report.py bench/results/<date>/wrk.jsonl
"""

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

LABELS = {
    "caseload": "Mes personnes suivies (intervenante, CPH Angers)",
    "person_file": "Dossier d'une personne",
    "stays_list": "Séjours (intervenante, CPH Angers)",
    "agir_caseload": "Mes parcours AGIR (référente, AGIR Paris)",
    "duos_list": "Duos de demain : liste des duos",
    "search": "Recherche (intervenante)",
    "search_all_persons": "Recherche sur toutes les personnes (direction)",
    "baseline_admin_list": "Référence : admin, liste des personnes",
    "baseline_admin_search": "Référence : admin, recherche icontains",
}
BASELINE = {
    "caseload": "baseline_admin_list",
    "person_file": "baseline_admin_list",
    "stays_list": "baseline_admin_list",
    "agir_caseload": "baseline_admin_list",
    "duos_list": "baseline_admin_list",
    "search": "baseline_admin_search",
    "search_all_persons": "baseline_admin_search",
}
GOAL = {"p95_ms": 300, "rps": 50}


def medians(path):
    runs = defaultdict(list)
    for line in Path(path).read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            runs[(row["scenario"], row["connections"])].append(row)
    table = {}
    for rows in runs.values():
        for row in rows:
            row.setdefault("load_1min", 0.0)
            cpu = row.get("server_cpu_s")
            row["cpu_ms"] = cpu * 1000 / row["requests"] if cpu and row["requests"] else 0.0
    for key, rows in runs.items():
        table[key] = {
            field: statistics.median(r[field] for r in rows)
            for field in ("rps", "p50_ms", "p95_ms", "p99_ms", "load_1min", "cpu_ms")
        } | {"runs": len(rows), "errors": sum(r["errors"] for r in rows)}
    return table


def main(path):
    table = medians(path)
    print(
        "| page | conn. | req/s | p50 ms | p95 ms | p99 ms | errors (all runs) | runs "
        "| req/s ÷ baseline | p95 baseline ÷ p95 | goal (20 conn.) | load "
        "| server CPU ms/req | req/s on 2 free cores | CPU baseline ÷ CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    for (scenario, connections), row in sorted(
        table.items(), key=lambda item: (list(LABELS).index(item[0][0]), item[0][1])
    ):
        base = table.get((BASELINE.get(scenario), connections))
        rps_ratio = f"× {row['rps'] / base['rps']:.1f}" if base else ""
        p95_ratio = f"× {base['p95_ms'] / row['p95_ms']:.1f}" if base else ""
        cpu_ratio = ""
        if base and row["cpu_ms"] and base["cpu_ms"]:
            cpu_ratio = f"× {base['cpu_ms'] / row['cpu_ms']:.1f}"
        goal = ""
        if connections == 20 and not scenario.startswith("baseline"):
            met = (
                row["p95_ms"] <= GOAL["p95_ms"] and row["rps"] >= GOAL["rps"] and not row["errors"]
            )
            goal = "atteint" if met else "**manqué**"
        print(
            f"| {LABELS.get(scenario, scenario)} | {connections} | {row['rps']:.0f}"
            f" | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f}"
            f" | {row['errors']:.0f} | {row['runs']} | {rps_ratio} | {p95_ratio} | {goal}"
            f" | {row['load_1min']:.1f} | {row['cpu_ms']:.0f}"
            f" | {2000 / row['cpu_ms'] if row['cpu_ms'] else 0:.0f}"
            f" | {cpu_ratio} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
