"""`rolesim import`'s arguments, apart from the importer: the CLI builds every subcommand's
parser for any subcommand, and `rolesim run` or `who-can-assume` should not import the
importer's mapping, rendering and summary modules to do so."""

from __future__ import annotations

from typing import Any

IMPORT_HELP = ("make a scenario of your own account's IAM export", """\
Reads `aws iam get-account-authorization-details` output (AWS CLI or raw API shape; one file
per account) and writes a scenario with the whole world and no steps. Prints what was carried
over, inferred, left at a default and not carried over (docs/import.md).""", """\
exit status:
  0  written
  2  an input cannot be read, or holds what no scenario can (an export edited
     by hand): one line names the file, the JSON path and the entity; nothing
     is written

examples:
  aws iam get-account-authorization-details --output json > account.json
  rolesim import account.json -o world.toml
  rolesim import a.json b.json -o org.toml --scps scps.json \\
      --resource-policies policies
  rolesim import account.json -o class.toml --anonymize""")


def add_import_parser(sub: Any, add: Any) -> None:
    """Register `rolesim import` (cli.py keeps only this call and the dispatch)."""
    imp = add(sub, "import", IMPORT_HELP)
    imp.add_argument("files", nargs="+", metavar="AUTHZ.json",
                     help="get-account-authorization-details output, one file per account")
    imp.add_argument("-o", "--output", metavar="OUT.toml",
                     help="where to write the scenario (default: the first file, .toml)")
    imp.add_argument("--scps", metavar="SCPS", help="SCPs: Organizations output combined "
                     "(JSON) or a TOML mapping of accounts to policy files")
    imp.add_argument("--resource-policies", metavar="DIR",
                     help="resource policies, one file per resource (docs/import.md)")
    imp.add_argument("--anonymize", action="store_true",
                     help="replace accounts, names and ARNs by stable fakes")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
