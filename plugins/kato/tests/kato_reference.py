#!/usr/bin/env python3
"""Reference implementation of KATO's pattern matching (stdlib only) and a checker.

Usage: kato_reference.py --driver PATH [--seed N] [--cases N]

Generates random knowledge bases and states from the seed, runs the C++ driver on them
and compares every prediction field exactly with this reference:
  * names: hashlib.sha1(str(pattern_data).encode()).hexdigest()
  * similarity: LCS by dynamic programming, ((2.0*lcs/total)*100.0)/100.0 (main path),
    2.0*lcs/total (single-symbol path)
  * blocks, missing, extras: difflib.SequenceMatcher(None, a, b, autojunk=False) with
    a = pattern (resp. present), b = state, as KATO's extract_prediction_info
  * Prediction.__init__ re-segmentation, tail fix, event-aligned missing/extras
  * ensemble itfdf and potential (sums in sorted-dimension order), ranking by
    (potential desc, name asc), pruning to 3*max by the pre-potential
Exit 0 when everything matches, 1 with a description of the first mismatch.
"""
import argparse
import difflib
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from itertools import chain


def sm(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


def lcs(a, b):
    row = [0] * (len(b) + 1)
    for x in a:
        diag = 0
        for j, y in enumerate(b):
            up = row[j + 1]
            row[j + 1] = diag + 1 if x == y else max(up, row[j])
            diag = up
    return row[len(b)]


def extract(pattern, state, cutoff):
    """extract_prediction_info (token mode, fuzzy off): flat regions, missing, extras."""
    matcher = sm(pattern, state)
    blocks = matcher.get_matching_blocks()
    matches = []
    for (i, j, n) in blocks[:-1]:
        matches += state[j:j + n]
    nb = len(blocks) - 1
    if nb >= 2:
        i0, _, _ = blocks[0]
        i1, _, n1 = blocks[-2]
        past = pattern[:i0]
        present = pattern[i0:i1 + n1] if i1 + n1 > i0 else pattern[i0:]
    elif nb == 1:
        i0, _, n0 = blocks[0]
        past = pattern[:i0]
        present = pattern[i0:i0 + n0]
    else:
        if cutoff > 0.0:
            return None
        past = []
        present = pattern
    missing, extras = [], []
    if present:
        m2 = sm(present, state)
        for tag, i1, i2, j1, j2 in m2.get_opcodes():
            if tag in ('delete', 'replace'):
                missing += present[i1:i2]
            if tag in ('insert', 'replace'):
                extras += state[j1:j2]
    return matches, past, present, missing, extras, nb


def prediction_main(pat, stm, state, similarity, cutoff):
    pflat = list(chain(*pat['events']))
    r = extract(pflat, state, cutoff)
    if r is None:
        return None
    matches, past_f, present_f, missing_f, extras_f, nb = r
    length = len(pflat)
    p = {'name': pat['name'], 'frequency': pat['frequency'], 'similarity': similarity, 'matches': matches}
    p['evidence'] = float(len(matches) / length) if length > 0 else 0.0
    p['fragmentation'] = float(nb - 1)
    den = 2.0 * len(matches) + len(extras_f)
    p['snr'] = float((2.0 * len(matches) - len(extras_f)) / den) if den > 0 else float(0)
    seq = pat['events']
    c1 = len(past_f)
    c2 = 0
    ev = 0
    while c2 < c1:
        c2 += len(seq[ev])
        ev += 1
    e1 = ev
    past = seq[:ev]
    c1 += len(present_f)
    while c2 < c1:
        c2 += len(seq[ev])
        ev += 1
    present = seq[e1:ev]
    future = seq[ev:]
    if len(past) > 0:
        if matches[0] in past[-1]:
            present.insert(0, past[-1])
            past = past[:-1]
    if stm:
        missing = [[s for s in e if s not in matches] for e in present]
        flat_present = list(chain(*present))
        extras = [[s for s in e if s not in flat_present] for e in stm]
    else:
        missing = [s for s in chain(*present) if s not in matches]
        extras = extras_f
    plen = sum(len(e) for e in present)
    p['confidence'] = float(len(matches) / plen) if plen > 0 else 0.0
    p.update(past=past, present=present, future=future, missing=missing, extras=extras)
    return p


def prediction_single(pat, state, similarity):
    pflat = list(chain(*pat['events']))
    matches, past, present, missing, extras, nb = extract(pflat, state, 0.0)
    future = pflat[len(past) + len(present):]
    m = len(matches)
    p = {'name': pat['name'], 'frequency': pat['frequency'], 'similarity': similarity, 'matches': matches,
         'past': past, 'present': present, 'future': future, 'missing': missing, 'extras': extras}
    p['evidence'] = m / len(pflat) if pflat else 0.0
    p['confidence'] = m / len(present) if present else 0.0
    p['snr'] = m / (m + len(extras)) if (m + len(extras)) > 0 else 0.0
    p['fragmentation'] = float(nb - 1)
    p['itfdf_similarity'] = 0.0
    frag = p['fragmentation']
    p['potential'] = (p['evidence'] + p['confidence']) * p['snr'] + (0 if frag == -1 else 1 / (frag + 1))
    return p


def reference(kb, stm, threshold, max_predictions):
    state = list(chain(*stm))
    preds = []
    if len(state) == 1:
        for pat in kb:
            ev = pat['events']
            if not ev or not ev[0] or ev[0][0] != state[0]:
                continue
            pflat = list(chain(*ev))
            sim = 2.0 * lcs(pflat, state) / (len(pflat) + 1)
            preds.append(prediction_single(pat, state, sim))
        preds.sort(key=lambda p: (-p['potential'], p['name']))
        return preds[:max_predictions]
    for pat in kb:
        pflat = list(chain(*pat['events']))
        total = len(pflat) + len(state)
        score = 2.0 * lcs(pflat, state) / total * 100.0 if total > 0 else 0.0
        sim = score / 100.0
        if sim >= threshold:
            p = prediction_main(pat, stm, state, sim, threshold)
            if p is not None:
                preds.append(p)

    def pre(p):
        frag = p['fragmentation']
        return (p['evidence'] + p['confidence']) * p['snr'] + (0 if frag == -1 else 1 / (frag + 1))

    if len(preds) > 3 * max_predictions:
        preds.sort(key=lambda p: (-pre(p), p['name']))
        preds = preds[:3 * max_predictions]
    # symbol stats: pattern member frequency over the whole KB
    pmf = {}
    for pat in kb:
        for s in set(chain(*pat['events'])):
            pmf[s] = pmf.get(s, 0) + 1
    unique = len(kb) if kb else 1
    fsum = sum(p['frequency'] for p in preds)
    for p in preds:
        missing_flat = list(chain(*p['missing'])) if stm else p['missing']
        prob = {s: pmf.get(s, 0) / unique for s in set(p['matches']) | set(missing_flat)}
        present_flat = list(chain(*p['present']))
        dims = sorted(set(present_flat) | set(state))
        dot = ss = pp = 0.0
        for s in dims:
            sv = prob.get(s, 0.0) * float(state.count(s))
            pv = prob.get(s, 0.0) * float(present_flat.count(s))
            dot += sv * pv
            ss += sv * sv
            pp += pv * pv
        sn, pn = math.sqrt(ss), math.sqrt(pp)
        if sn == 0.0:
            distance = 1.0
        else:
            norms = sn * pn
            distance = 1.0 - (0.0 if norms == 0.0 else dot / norms)
        p['itfdf_similarity'] = 0.0 if fsum == 0 else 1 - (distance * p['frequency']) / fsum
        frag = p['fragmentation']
        p['potential'] = (p['evidence'] + p['confidence']) * p['snr'] + p['itfdf_similarity'] + \
            (0 if frag == -1 else 1 / (frag + 1))
    preds.sort(key=lambda p: (-p['potential'], p['name']))
    return preds[:max_predictions]


WEIRD = ["it's", 'say "hi"', 'both \'"', 'back\\slash', 'tab\there', 'new\nline', 'caf\u00e9', '\u4e2d\u6587',
         'nb\u00a0sp', 'ctl\x01', 'del\x7f', 'emoji\U0001F600', 'VCTR|abc', 'x10', 'x2', 'Z', 'a']


def gen_case(rng, index):
    alphabet_size = rng.choice([2, 3, 5, 8, 20])
    alphabet = ['s%d' % k for k in range(alphabet_size)]
    if rng.random() < 0.3:
        alphabet += rng.sample(WEIRD, 3)

    def event(lo=0):
        n = rng.randint(lo, 3)
        return sorted(rng.choice(alphabet) for _ in range(n))

    def events(nev):
        evs = [event(0 if rng.random() < 0.15 else 1) for _ in range(nev)]
        return evs

    kb = []
    names = set()
    npat = rng.choice([1, 3, 10, 30]) if index % 10 else 60
    for _ in range(npat):
        evs = events(rng.randint(1, 8))
        name = hashlib.sha1(str(evs).encode('utf-8')).hexdigest()
        if name in names:
            continue
        names.add(name)
        kb.append({'events': evs, 'frequency': rng.randint(1, 4), 'name': name})
    kind = index % 7
    if kind == 0:
        stm = [[rng.choice(alphabet)]]  # single-symbol state
    elif kind == 1:
        stm = [sorted(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(70, 110))]
    elif kind == 2:
        stm = []
    else:
        stm = [sorted(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.2 and kb:
        stm = [list(e) for e in rng.choice(kb)['events'] if e]  # identical to a pattern
    threshold = rng.choice([0.0, 0.1, 0.1, 0.3, 0.5, 1.0])
    maxp = rng.choice([1, 2, 3, 5, 100])
    return {'kb': [{'events': p['events'], 'frequency': p['frequency']} for p in kb], 'names': [p['name'] for p in kb],
            'state': stm, 'threshold': threshold, 'max': maxp, 'split_seed': rng.getrandbits(48)}


def normalise_expected(p, segmented, aligned):
    keys = ['name', 'frequency', 'similarity', 'matches', 'missing', 'extras', 'past', 'present', 'future',
            'evidence', 'confidence', 'snr', 'fragmentation', 'itfdf_similarity', 'potential']
    return {k: p[k] for k in keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--driver', required=True)
    ap.add_argument('--seed', type=int, default=20240607)
    ap.add_argument('--cases', type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cases = [gen_case(rng, k) for k in range(args.cases)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'cases.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump([{k: v for k, v in c.items() if k != 'names'} for c in cases], f)
        run = subprocess.run([args.driver, path], capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    if run.returncode != 0:
        print('driver failed with exit code %d' % run.returncode)
        return 1
    got_all = json.loads(run.stdout)
    checked = 0
    for k, (case, got) in enumerate(zip(cases, got_all)):
        if got['names'] != case['names']:
            print('case %d: pattern names differ: %r vs %r' % (k, got['names'], case['names']))
            return 1
        kb = [{'events': p['events'], 'frequency': p['frequency'], 'name': n} for p, n in zip(case['kb'], case['names'])]
        want = [normalise_expected(p, True, True) for p in reference(kb, case['state'], case['threshold'], case['max'])]
        if len(want) != len(got['predictions']):
            print('case %d: %d predictions, reference has %d' % (k, len(got['predictions']), len(want)))
            print(json.dumps(case))
            return 1
        for rank, (w, g) in enumerate(zip(want, got['predictions'])):
            for key, wv in w.items():
                gv = g.get(key)
                same = (wv == gv) if not isinstance(wv, float) else (isinstance(gv, (int, float)) and float(gv).hex() == wv.hex())
                if not same:
                    print('case %d rank %d (%s): field %s: got %r, reference %r' % (k, rank, w['name'], key, gv, wv))
                    print(json.dumps(case))
                    return 1
            checked += 1
    print('kato reference: %d cases, %d predictions identical' % (len(cases), checked))
    return 0


if __name__ == '__main__':
    sys.exit(main())
