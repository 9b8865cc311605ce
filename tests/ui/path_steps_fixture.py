"""A small world with an escalation to replay from the world builder: Mallory may assume Weak
(its trust names the account and her policy allows it, TP-09), and Weak may assume Admin,
whose trust names Weak (TP-01); Admin is allowed everything."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

from datetime import UTC, datetime

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app

A = "111111111111"
MALLORY = f"arn:aws:iam::{A}:user/mallory"
WEAK = f"arn:aws:iam::{A}:role/Weak"
ADMIN = f"arn:aws:iam::{A}:role/Admin"
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

ESCALATION = f"""
format = 1
title = "An escalation to replay"

[[accounts]]
id = "{A}"
name = "prod"

[[users]]
arn = "{MALLORY}"
inline.hop = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "{WEAK}" }}] }}

[[roles]]
arn = "{WEAK}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{A}:root" }}, Action = "sts:AssumeRole" }}] }}
inline.hop = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "{ADMIN}" }}] }}

[[roles]]
arn = "{ADMIN}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "{WEAK}" }}, Action = "sts:AssumeRole" }}] }}
inline.all = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}] }}
"""


def escalation_app() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(ESCALATION, "escalation.toml")),
                    clock_start=START)
