"""Every behaviour the fact sheet lists as not confirmed (section 24) is decided here, once.

Each constant names the choice; docs/decisions.md says why. Code reads these names and
never repeats the decision elsewhere.
"""

from __future__ import annotations

# 24.1 A chained session is not cut short by the session it came from (the scenario format
# says so too): its expiration is issue time + its own duration.
CHAINED_SESSION_CAPPED_BY_PARENT = False

# 24.2 MFA context carries from one session into the sessions assumed from it (user signed
# in with MFA -> role -> role). The MFA time carries too, so aws:MultiFactorAuthAge grows.
MFA_CARRIES_THROUGH_CHAIN = True

# 24.3 Passing the same SourceIdentity again in a chained call is accepted; only a different
# value fails (SI-04).
SAME_SOURCE_IDENTITY_ACCEPTED = True

# 24.4 Order of checks in AssumeRole: shape validation (ValidationError) first, then the
# caller kind (root, federated user), then request semantics (tags, source identity, session
# policies, packed size), then authorization (AccessDenied), and only then the duration
# against the chaining cap and MaxSessionDuration. So a caller who may not assume the role
# learns nothing about its MaxSessionDuration.
DURATION_CHECKED_AFTER_TRUST = True

# 24.5 Inherited transitive tags are not request tags: aws:RequestTag/*, aws:TagKeys and
# sts:TransitiveTagKeys of a chained AssumeRole hold only the tags passed in that call.
INHERITED_TAGS_IN_REQUEST_TAGS = False

# 24.6 A session tag key or value starting with `aws:` fails with this code.
RESERVED_TAG_PREFIX_ERROR = "InvalidParameterValue"

# 24.11 A session (or long-term credential) whose role or user was deleted and recreated
# keeps failing: it carries the old unique ID, which no longer has any policy attached.
STALE_SESSIONS_LOSE_IDENTITY_POLICIES = True

# 24.12 Credentials of a service role (Lambda, ECS task, ...) calling AssumeRole are role
# chaining (1-hour cap); only EC2 instance-profile credentials are documented as exempt.
SERVICE_ROLE_CALLS_ARE_CHAINING = True

# Not in the sheet, but needed: service-role sessions are refreshed by the service, like
# instance-profile credentials, so they do not expire within a scenario.
SERVICE_ROLE_SESSIONS_EXPIRE = False

# A session policy ARN that does not exist (or is in another account than the role's):
# this code and message (IAM's wording for a policy that cannot be attached).
MISSING_SESSION_POLICY_ERROR = "MalformedPolicyDocument"

# The root user is taken to have an MFA device (the world format has no `mfa` for root).
ROOT_HAS_MFA_DEVICE = True

# Passing MFA (`mfa = true`) on AssumeRole/GetSessionToken as an IAM user without an MFA
# device: the code cannot be validated -> AccessDenied (AR-20, GST-02).
MFA_WITHOUT_DEVICE_ERROR = "AccessDenied"

# Region every request is taken to be made in (aws:RequestedRegion, CK-10).
DEFAULT_REGION = "us-east-1"

# PackedPolicyTooLarge model (AR-13): the packed form is the zlib (level 9) compression of
# the compact inline session policy, each policy ARN, and each session tag `key=value` the
# new session carries (transitive marks are not packed); the limit is this many bytes.
PACKED_LIMIT_BYTES = 2048

# An OIDC provider with no client IDs accepts no audience (AWS: ClientIDList empty ->
# every token is "Incorrect token audience").
EMPTY_AUDIENCE_LIST_ACCEPTS_NOTHING = True

# SAML: the subject type reported in saml:sub_type when the step does not say.
DEFAULT_SAML_SUBJECT_TYPE = "persistent"

# An unknown SAML provider ARN (or one that is not a SAML provider) fails with this code.
UNKNOWN_SAML_PROVIDER_ERROR = "InvalidIdentityToken"

# The organization ID (aws:PrincipalOrgID, aws:ResourceOrgID) of accounts that are in an
# organization (they have SCPs or are the management account) when the world gives none.
DEFAULT_ORG_ID = "o-rolesim0001"
