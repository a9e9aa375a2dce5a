#!/usr/bin/env python3
"""Converts INSEE's list of communes, as the npm package
@etalab/decoupage-administratif carries it, to data/communes.tsv: one line per
INSEE code, « code<TAB>name », which escale-server embeds to show home
communes by name on the dashboard.

Run ONCE per yearly edition of the official geographic code (COG), by hand,
never at build time:

    cd "$(mktemp -d)" && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    scripts/communes-from-etalab.py <that dir>/package "COG 2026, package published 2026-03-09" > data/communes.tsv

(the edition: the package's README maps its versions to COG years; npm view
@etalab/decoupage-administratif time gives the publication date).

Kept: current communes and the 45 municipal arrondissements of Paris, Lyon
and Marseille; then the codes of former communes (communes déléguées and
associées) that no current commune uses, so an address typed with an old code
still shows a name. Sorted by code. The header lines start with « # ».
"""
import json
from datetime import date
import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: communes-from-etalab.py <unpacked npm package dir> <edition>", file=sys.stderr)
        return 2
    package = Path(sys.argv[1])
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    communes = json.loads((package / "data" / "communes.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for wanted in (("commune-actuelle", "arrondissement-municipal"), ("commune-deleguee", "commune-associee")):
        for c in communes:
            if c["type"] in wanted and c["code"] not in names:
                name = c["nom"].strip()
                if "\t" in name or "\n" in name or not name:
                    raise SystemExit(f"unexpected name for {c['code']!r}: {name!r}")
                names[c["code"]] = name
    out = sys.stdout
    out.write(f"# Communes of France by INSEE code (code officiel géographique), {len(names)} codes.\n")
    out.write(f"# Source: npm package {meta['name']} {meta['version']} (Etalab, MIT licence), data/communes.json,\n")
    out.write("# which carries INSEE's COG; converted by scripts/communes-from-etalab.py.\n")
    out.write(f"# Edition: {sys.argv[2]}; converted {date.today().isoformat()}.\n")
    out.write("# Kept: current communes, municipal arrondissements, then former communes' codes not reused.\n")
    for code in sorted(names):
        out.write(f"{code}\t{names[code]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
