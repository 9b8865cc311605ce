"""`rolesim import`: read the exports, map, add SCPs and resource policies, anonymize if
asked, write the scenario and print the summary. Exit 0 written, 2 an input cannot be read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolesim.scenario.errors import print_error
from rolesim.scenario.importer.formats import ImportProblem, read_export
from rolesim.scenario.importer.mapping import Mapper
from rolesim.scenario.importer.origins import check_loads
from rolesim.scenario.importer.render import render
from rolesim.scenario.importer.summary import Summary
from rolesim.scenario.write_file import unwritable_because

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

SECTIONS = ("accounts", "policies", "users", "groups", "roles", "instance_profiles",
            "providers", "resources")


@dataclass
class Imported:
    text: str
    summary: Summary
    scenario: Scenario
    """The scenario `text` holds, loaded (and checked) once."""


def import_exports(files: list[Path], scps: Path | None = None,
                   resource_policies: Path | None = None, anonymize: bool = False,
                   key: bytes | None = None, now: datetime | None = None,
                   name: str = "<import>", check: bool = True) -> Imported:
    """The scenario text, the summary and the scenario loaded as `name`; `ImportProblem` when
    an input cannot be read, or when what it holds would make a scenario that does not load
    (an export edited by hand):
    nothing is written that `run` and the TUI would then refuse (`check`: only the linter,
    which says what is wrong in every policy, goes without)."""
    from rolesim.scenario.importer import extras

    summary = Summary()
    exports = [read_export(f) for f in files]
    mapper = Mapper(exports, summary)
    data = mapper.run()
    accounts = [a["id"] for a in data["accounts"]]
    mapper.origins.accounts(accounts)
    if scps is not None:
        for account, keys in extras.load_scps(scps, accounts, summary).items():
            index = accounts.index(account)
            for place, scp in keys.pop("_read"):
                mapper.origins.scp(index, place, scp.file, scp.path, _scp_words(
                    place, scp.name, keys, account))
            data["accounts"][index].update(keys)
    if resource_policies is not None:
        data["resources"] = extras.load_resource_policies(resource_policies, accounts, summary)
        for i, entry in enumerate(data["resources"]):
            mapper.origins.entry("resources", i, entry.pop("_file"), "$",
                                 f"resource policy of {entry['arn']}", {})
            mapper.origins.item("policy", "$")
    mapper.finish()
    sources = [dict(s) for s in summary.sources]
    inferred = list(summary.inferred)
    if anonymize:
        from rolesim.scenario.importer.anonymize import Anonymizer, default_key

        anon = Anonymizer(key if key is not None else default_key())
        data = anon.world(data)
        summary.replaced = dict(anon.replaced)
        for source in sources:
            source["file"] = "(anonymized)"
            source["accounts"] = [anon.account(a) for a in source["accounts"]]
        inferred = [{**i, "arn": anon.arn(i["arn"]), "why": "named as a Federated principal "
                     "by a trust policy"} for i in inferred]
        summary.sources, summary.inferred = sources, inferred
    title = "Imported: " + ", ".join(sorted({a for s in sources for a in s["accounts"]}))
    text = render(_header(sources, inferred, anonymize, now), {"format": 1, "title": title},
                  {k: data[k] for k in SECTIONS if data.get(k)})
    if check:
        scenario = check_loads(text, data, mapper.origins, str(files[0]), name)
    else:  # the linter reports what is wrong in the policies itself
        from rolesim.scenario.load import load_scenario_text

        scenario = load_scenario_text(text, name)
    return Imported(text, summary, scenario)


def _scp_words(place: str, name: str, keys: dict[str, Any], account: str) -> str:
    """An SCP read from the --scps input, named as explanations name it (`SCP no-s3 on
    account 1111...`, `SCP 1 on OU ou-ab12 above account 1111...`)."""
    from rolesim.core.words import scp_words

    parts = place.split("#")
    where = (f"account {account}" if parts[0] == "scps" else
             f"{keys['scp_levels'][int(parts[1])]['name']} above account {account}")
    return scp_words(name, int(parts[-1]), where)


def _header(sources: list[dict[str, object]], inferred: list[dict[str, str]], anonymized: bool,
            now: datetime | None) -> list[str]:
    from rolesim import __version__

    when = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"Imported by rolesim {__version__} at {when}"
             + (" (anonymized)" if anonymized else ""),
             "from `aws iam get-account-authorization-details`:"]
    for source in sources:
        accounts = ", ".join(str(a) for a in source["accounts"])  # type: ignore[attr-defined]
        lines.append(f"  {source['file']}: account {accounts}")
    if inferred:
        lines.append("Inferred (not in the export): identity providers named by trust policies:")
        lines.extend(f"  {i['arn']}" for i in inferred)
    lines.append("No steps: add some, or open it in the TUI (`rolesim FILE`) and explore.")
    return lines


def run_import(files: list[str], output: str | None, scps: str | None,
               resource_policies: str | None, anonymize: bool, as_json: bool) -> int:
    try:
        result = import_exports([Path(f) for f in files], Path(scps) if scps else None,
                                Path(resource_policies) if resource_policies else None,
                                anonymize)
    except ImportProblem as exc:
        print_error("import", str(exc))
        return 2
    target = Path(output) if output else Path(files[0]).with_suffix(".toml")
    blocked = unwritable_because(target)  # in words, where the OS says only ENOENT
    if blocked is not None:
        given = f"-o {target}" if output else f"{target} (the default output)"
        print_error("import", f"{given}: cannot write there: {blocked}")
        return 2
    try:
        target.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        print_error("import", f"{target}: cannot write: {exc.strerror or exc}")
        return 2
    result.summary.output = str(target)
    if as_json:
        print(json.dumps(result.summary.as_json(), indent=2))
    else:
        print(result.summary.text())
    return 0
