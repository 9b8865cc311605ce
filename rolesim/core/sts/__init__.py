"""STS and role sessions as AWS runs them.

`simulator.Simulator` is the entry point (the credential stack, every STS call, API calls
and world changes). The work is split by concern:

* `validation` — shape constraints and AWS's `N validation errors detected` message;
* `assume`, `federation`, `tokens`, `services` — AssumeRole; web identity and SAML;
  GetSessionToken and GetFederationToken; EC2 instance and service-role credentials;
* `trust` — authorizing AssumeRole* as separate actions against the trust policy;
* `tags`, `session_policies`, `chain` — session tags, session policies and packed size,
  chaining and durations;
* `permissions`, `identities` — the caller's policies (read from the world on every
  request) and callers/sessions per credential kind;
* `admin` — world changes made outside the stack;
* `choices` — every behaviour AWS has not confirmed, decided once (docs/decisions.md).
"""
