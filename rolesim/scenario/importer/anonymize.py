"""`--anonymize`: replace account IDs, names, paths, tag values, external IDs, unique IDs and
resource ARNs by stable fakes (keyed HMAC: the same input and key give the same output), and
keep every decision the same.

Names are rewritten piece by piece (the parts of an ARN between `/` and `:`). A policy may
name things by pattern (`role/app-*`, `*-admin`), and the pattern text stays as written, so a
fake keeps the literal prefix or suffix of every pattern that the real name starts or ends
with: `app-web` becomes `app-3f9c1a2b7d` and `role/app-*` still matches it. Limits (see
docs/import.md): a name matched by a pattern with a literal in the middle (`a*mid*`) or with
`?` is kept as it is; literal parts of patterns stay readable; OIDC provider hosts, service
names, regions, actions, tag keys and `Sid`s are kept.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import hmac
import json
import os
import re
import secrets
from collections import Counter
from pathlib import Path
from typing import Any

ACCOUNT = re.compile(r"^\d{12}$")
UNIQUE_ID = re.compile(r"^(AIDA|AROA|AGPA|ANPA|AIPA)[A-Z0-9]{12,124}$")
_SPLIT = re.compile(r"([/:])")
KEPT_PIECES = {"aws-service-role", "service-role"}
"""Path elements AWS gives meaning to (SLR-01), kept with the service names under them."""
POLICY_ELEMENTS = ("Resource", "NotResource", "Principal", "NotPrincipal", "Condition")


def default_key() -> bytes:
    """ROLESIM_ANONYMIZE_KEY, else a random key kept in the user's config directory (created
    once), so re-imports by the same person line up and nobody else can reverse them."""
    env = os.environ.get("ROLESIM_ANONYMIZE_KEY")
    if env:
        return env.encode()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "rolesim"
    file = base / "anonymize.key"
    try:
        return file.read_bytes()
    except FileNotFoundError:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        file.write_bytes(key)
        file.chmod(0o600)
        return key


class Anonymizer:
    def __init__(self, key: bytes) -> None:
        self.key = key
        self.prefixes: set[str] = set()
        self.suffixes: set[str] = set()
        self.kept_patterns: list[str] = []
        self.known_values: set[str] = set()
        self.replaced: Counter[str] = Counter()
        self._cache: dict[tuple[str, str], str] = {}

    def _digest(self, kind: str, text: str, size: int) -> str:
        mac = hmac.new(self.key, f"{kind}\0{text}".encode(), hashlib.sha256).digest()
        return mac.hex()[:size]

    # ----------------------------------------------------------------------- the fakes

    def account(self, account: str) -> str:
        if not ACCOUNT.match(account):
            return account
        digits = str(int(self._digest("account", account, 16), 16))[-11:].rjust(11, "0")
        return "9" + digits  # a leading 9: fakes never collide with low test accounts

    def unique_id(self, value: str) -> str:
        mac = hmac.new(self.key, f"id\0{value}".encode(), hashlib.sha256).digest()
        body = base64.b32encode(mac).decode().rstrip("=")[:17].replace("=", "A")
        return value[:4] + body

    def piece(self, text: str) -> str:
        """A name, path element or tag value; keeps the literal ends patterns rely on."""
        if not text or "${" in text or any(c in text for c in "*?"):
            return text
        cached = self._cache.get(("piece", text))
        if cached is not None:
            return cached
        if any(fnmatch.fnmatchcase(text, p) for p in self.kept_patterns):
            out = text
        else:
            head = max((p for p in self.prefixes if text.startswith(p)), key=len, default="")
            rest = text[len(head):]
            tail = max((s for s in self.suffixes if rest.endswith(s) and len(s) < len(rest) + 1
                        ), key=len, default="")
            if len(head) + len(tail) > len(text):
                tail = ""
            out = head + self._digest("name", text, 10) + tail
            self.replaced["names"] += 1
        self._cache[("piece", text)] = out
        return out

    def arn(self, value: str) -> str:
        parts = value.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn":
            return value
        _, partition, service, region, account, resource = parts
        if account == "aws" or (service == "iam" and resource.startswith("oidc-provider/")):
            return ":".join([*parts[:4], self.account(account), resource])
        pieces = _SPLIT.split(resource)
        keep_first = service == "iam" or (service != "s3" and len(pieces) > 1)
        out = []
        for i, piece in enumerate(pieces):
            if piece in ("/", ":") or (i == 0 and keep_first) or (i == 0 and piece == "root") \
                    or piece in KEPT_PIECES or piece.endswith(".amazonaws.com") \
                    or piece.startswith("AWSServiceRoleFor"):
                out.append(piece)
            else:
                out.append(self.piece(piece))
        self.replaced["ARNs"] += 1
        return ":".join(["arn", partition, service, region, self.account(account),
                         "".join(out)])

    def value(self, text: str) -> str:
        """Any string in a policy's Resource, Principal or Condition, or a tag value."""
        if text.startswith("arn:"):
            return self.arn(text)
        if ACCOUNT.match(text):
            return self.account(text)
        if UNIQUE_ID.match(text):
            return self.unique_id(text)
        if text in self.known_values:
            return self.piece(text)
        return text

    # ------------------------------------------------------------------ patterns first

    def learn(self, data: dict[str, Any]) -> None:
        """Collect the literal ends of every pattern the documents use, and the names and
        tag values that condition values may repeat."""
        for text in _document_strings(data):
            candidates = [text]
            if text.startswith("arn:"):
                candidates = _SPLIT.split(text.split(":", 5)[-1]) if text.count(":") >= 5 else []
            for piece in candidates:
                if "${" in piece or not any(c in piece for c in "*?"):
                    continue
                if "?" in piece or len([s for s in re.split(r"[*?]", piece) if s]) > 2 or (
                        re.fullmatch(r"[^*?]*\*[^*?]+\*[^*?]*", piece)):
                    self.kept_patterns.append(piece)
                    continue
                head = re.split(r"[*?]", piece)[0]
                tail = re.split(r"[*?]", piece)[-1]
                if head:
                    self.prefixes.add(head)
                if tail:
                    self.suffixes.add(tail)
        for section in ("users", "groups", "roles", "policies", "instance_profiles"):
            for entry in data.get(section, []):
                self.known_values.update(p for p in _SPLIT.split(entry["arn"]) if p)
        for section in ("users", "roles", "resources"):
            for entry in data.get(section, []):
                self.known_values.update(entry.get("tags", {}).values())

    # ----------------------------------------------------------------------- the world

    def world(self, data: dict[str, Any]) -> dict[str, Any]:
        self.learn(data)
        out: dict[str, Any] = {}
        for section, entries in data.items():
            out[section] = [self.entry(section, dict(e)) for e in entries]
        self.replaced["accounts"] = len(data.get("accounts", []))
        return out

    def entry(self, section: str, entry: dict[str, Any]) -> dict[str, Any]:
        for key, value in list(entry.items()):
            if key in ("arn", "role", "boundary"):
                entry[key] = self.arn(value)
            elif key == "id" and section == "accounts":
                entry[key] = self.account(value)
            elif key == "id":
                entry[key] = self.unique_id(value)
                self.replaced["unique IDs"] += 1
            elif key in ("policies", "groups"):
                entry[key] = [self.arn(v) for v in value]
            elif key == "tags":
                entry[key] = {k: self.piece(v) for k, v in value.items()}
                self.replaced["tag values"] += len(value)
            elif key == "inline":
                entry[key] = {self.piece(n): self.document(d) for n, d in value.items()}
            elif key in ("trust", "document", "policy"):
                entry[key] = self.document(value)
            elif key == "versions":  # a managed policy's stored versions
                entry[key] = [{"id": v["id"], "document": self.document(v["document"])}
                              for v in value]
            elif key == "scps":
                entry[key] = [self.document(d) for d in value]
            elif key == "scp_levels":  # root and OU IDs are replaced by their position
                entry[key] = [{"name": "organization root" if k == 0 else f"OU {k}",
                               "scps": [self.document(d) for d in level["scps"]]}
                              for k, level in enumerate(value)]
            elif key == "scp_names":  # an organization's own words, as descriptions are
                entry[key] = ""
                self.replaced["SCP names"] += len(value)
            elif key == "account":
                entry[key] = self.account(value)
            elif key in ("description", "name"):
                entry[key] = ""
                self.replaced["descriptions"] += 1
        return {k: v for k, v in entry.items() if v != ""}

    def document(self, text: str) -> str:
        doc = json.loads(text)
        statements = doc.get("Statement")
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, dict):
                continue
            for element in POLICY_ELEMENTS:
                if element in statement:
                    statement[element] = self.element(element, statement[element])
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)

    def element(self, element: str, value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            if key.lower() == "sts:externalid":
                self.replaced["external IDs"] += 1
                return value if any(c in value for c in "*?") else self._digest("extid", value, 16)
            return self.value(value)
        if isinstance(value, list):
            return [self.element(element, v, key) for v in value]
        if isinstance(value, dict):
            if element == "Condition":
                return {k: self.element(element, v, k if isinstance(v, list | str) else key)
                        for k, v in value.items()}
            return {k: self.element(element, v, key) for k, v in value.items()}
        return value


def _document_strings(data: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for entries in data.values():
        for entry in entries:
            docs = [entry.get(k) for k in ("trust", "document", "policy")]
            docs += [v["document"] for v in entry.get("versions", [])]
            docs += list(entry.get("inline", {}).values()) + list(entry.get("scps", []))
            docs += [d for level in entry.get("scp_levels", []) for d in level["scps"]]
            for doc in docs:
                if not doc:
                    continue
                parsed = json.loads(doc)
                statements = parsed.get("Statement")
                for st in statements if isinstance(statements, list) else [statements]:
                    if isinstance(st, dict):
                        for element in POLICY_ELEMENTS:
                            walk(st.get(element))
    return found
