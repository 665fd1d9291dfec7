#!/usr/bin/env python3
"""Build config/tickers.csv, the reference table of tickers the enricher knows.

Why: articles link to tickers (robinhood.com/stocks/MU, /crypto/BTC ...). The enricher
joins those links against the compacted topic reference.tickers, which is loaded from
config/tickers.csv (see news.enricher.reference.TickerCsv). This script rebuilds that file
from the NASDAQ stock-screener exports (NASDAQ, NYSE, NYSE American) plus two hand-curated
inputs kept next to the output: config/curated-etfs.csv and config/curated-crypto.csv
(the exports contain neither ETFs nor crypto).

Run from the repository root (standard library only, Python 3.8+):

    python3 scripts/build-tickers.py --listings ../shared/data/us-listings --out config/tickers.csv

Output: header symbol,name,exchange,sector,industry,country,asset_class; RFC 4180 quoting,
LF line ends, UTF-8. Rows sorted by asset class group, then symbol: equities and ETFs
together by symbol, then crypto by symbol. Same inputs give byte-identical output.

Rules:
- symbols are canonicalised (trimmed, upper-case, '/' -> '.'); a canonical symbol is 1-6
  letters or digits, optionally '.' and a 1-2 letter class suffix (BRK.B). Listing rows whose
  symbol does not fit (preferreds with '^', longer suffixes) are skipped and counted.
- a symbol listed by more than one export is kept from the first in the order
  nasdaq, nyse, amex; a curated ETF whose symbol is also a listed equity keeps the listing row.
- crypto symbols may equal equity symbols (SOL): the Java side keys them "crypto:SOL".
"""

import argparse
import collections
import csv
import io
import json
import os
import re
import sys

HEADER = ["symbol", "name", "exchange", "sector", "industry", "country", "asset_class"]

# (file name, exchange label), in priority order for symbols listed more than once.
LISTINGS = [
    ("nasdaq_full_tickers.json", "NASDAQ"),
    ("nyse_full_tickers.json", "NYSE"),
    ("amex_full_tickers.json", "NYSE American"),
]

CANONICAL = re.compile(r"[A-Z0-9]{1,6}(\.[A-Z]{1,2})?")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def canonical_symbol(raw):
    """Returns (canonical symbol, None) or (None, reason it cannot be canonical)."""
    symbol = raw.strip().upper().replace("/", ".")
    if not symbol:
        return None, "empty symbol"
    if CANONICAL.fullmatch(symbol):
        return symbol, None
    if "^" in symbol:
        return None, "preferred share ('^')"
    if "." in symbol:
        return None, "suffix after '/' not 1-2 letters"
    return None, "not 1-6 letters/digits"


def read_listing(path):
    if not os.path.isfile(path):
        raise SystemExit(f"{path}: not found (pass --listings FOLDER)")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):  # tolerate a wrapped export {"data": {"rows": [...]}} or {"rows": [...]}
        data = data.get("data", data)
        data = data.get("rows", data) if isinstance(data, dict) else data
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a JSON array of rows")
    return data


def clean(value):
    return (value or "").strip()


def read_curated(path, columns):
    """Reads a curated CSV (lines starting with '#' are comments); returns a list of dicts."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.reader(lines)
    header = next(reader, None)
    if header != columns:
        raise SystemExit(f"{path}: header must be {','.join(columns)}, got {header}")
    rows, seen = [], set()
    for number, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(columns):
            raise SystemExit(f"{path}: data row {number}: expected {len(columns)} columns, got {len(fields)}")
        row = dict(zip(columns, (clean(v) for v in fields)))
        symbol, reason = canonical_symbol(row["symbol"])
        if symbol is None or symbol != row["symbol"]:
            raise SystemExit(f"{path}: data row {number}: symbol {row['symbol']!r} is not canonical")
        if symbol in seen:
            raise SystemExit(f"{path}: data row {number}: duplicate symbol {symbol}")
        if not row["name"]:
            raise SystemExit(f"{path}: data row {number}: {symbol} has no name")
        seen.add(symbol)
        rows.append(row)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build config/tickers.csv from the US listings and the curated ETF/crypto lists.")
    parser.add_argument("--listings", default=os.path.join(REPO_ROOT, "..", "shared", "data", "us-listings"),
                        help="folder with nasdaq/nyse/amex_full_tickers.json (default: ../shared/data/us-listings)")
    parser.add_argument("--etfs", default=os.path.join(REPO_ROOT, "config", "curated-etfs.csv"),
                        help="curated ETFs (default: config/curated-etfs.csv)")
    parser.add_argument("--crypto", default=os.path.join(REPO_ROOT, "config", "curated-crypto.csv"),
                        help="curated crypto assets (default: config/curated-crypto.csv)")
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "config", "tickers.csv"),
                        help="output CSV (default: config/tickers.csv)")
    args = parser.parse_args(argv)

    equities = {}  # canonical symbol -> output row (listing equities and curated ETFs)
    first_exchange = {}
    collisions = []  # (symbol, kept exchange, dropped exchange)
    skipped = collections.Counter()
    skipped_examples = collections.defaultdict(list)
    read_counts = []

    for file_name, exchange in LISTINGS:
        rows = read_listing(os.path.join(args.listings, file_name))
        read_counts.append((file_name, exchange, len(rows)))
        for row in rows:
            symbol, reason = canonical_symbol(row.get("symbol", ""))
            if symbol is None:
                skipped[reason] += 1
                if len(skipped_examples[reason]) < 5:
                    skipped_examples[reason].append(clean(row.get("symbol")))
                continue
            if symbol in equities:
                collisions.append((symbol, first_exchange[symbol], exchange))
                continue
            first_exchange[symbol] = exchange
            equities[symbol] = [symbol, clean(row.get("name")), exchange, clean(row.get("sector")),
                                clean(row.get("industry")), clean(row.get("country")), "equity"]

    etf_rows = read_curated(args.etfs, ["symbol", "name", "exchange", "industry"])
    etfs_listed = []
    for etf in etf_rows:
        if etf["symbol"] in equities:
            etfs_listed.append(etf["symbol"])
            continue
        equities[etf["symbol"]] = [etf["symbol"], etf["name"], etf["exchange"], "", etf["industry"],
                                   "United States", "etf"]

    crypto_rows = read_curated(args.crypto, ["symbol", "name"])
    crypto = [[c["symbol"], c["name"], "", "", "Cryptocurrency", "", "crypto"] for c in crypto_rows]
    crypto_shared = sorted(c["symbol"] for c in crypto_rows if c["symbol"] in equities)

    out_rows = [equities[s] for s in sorted(equities)] + sorted(crypto, key=lambda r: r[0])

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(out_rows)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())

    counts = collections.Counter(r[6] for r in out_rows)
    print("rows read:")
    for file_name, exchange, n in read_counts:
        print(f"  {file_name:28} {n:6}  ({exchange})")
    print(f"  {'curated ETFs':28} {len(etf_rows):6}")
    print(f"  {'curated crypto':28} {len(crypto_rows):6}")
    print(f"skipped listing rows: {sum(skipped.values())}")
    for reason, n in sorted(skipped.items()):
        print(f"  {n:6}  {reason}, e.g. {' '.join(skipped_examples[reason])}")
    print(f"symbols in more than one listing (first kept, order nasdaq, nyse, amex): {len(collisions)}")
    for symbol, kept, dropped in collisions:
        print(f"  {symbol}: kept {kept}, dropped {dropped}")
    print(f"curated ETFs already listed as equities (listing row kept): {len(etfs_listed)}"
          + (f" {' '.join(etfs_listed)}" if etfs_listed else ""))
    print(f"crypto symbols that are also equity symbols (distinct keys crypto:SYM): {len(crypto_shared)}"
          + (f" {' '.join(crypto_shared)}" if crypto_shared else ""))
    print(f"written: {len(out_rows)} rows to {args.out} "
          f"({counts['equity']} equity, {counts['etf']} etf, {counts['crypto']} crypto)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
