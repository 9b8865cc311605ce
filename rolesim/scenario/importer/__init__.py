"""`rolesim import`: a scenario from `aws iam get-account-authorization-details` exports.

* `formats`   read an export (AWS CLI or raw API shape), or say where it is broken.
* `mapping`   export -> scenario data (users, groups, roles, policies, providers, ...).
* `extras`    SCPs (`--scps`) and resource policies (`--resource-policies DIR`).
* `anonymize` stable fakes for names, accounts and ARNs, keeping policy logic intact.
* `summary`   what was carried over, inferred, left at a default or not carried over.
* `render`    the scenario TOML with its header comment.
* `command`   the CLI entry point; `detect` lets `rolesim FILE.json` open an export directly.
"""
