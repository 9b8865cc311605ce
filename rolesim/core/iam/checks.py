"""What a world-changing request is authorized as, when the caller makes it (VOCAB.md):
the IAM, EC2 or Lambda action, the resource ARN and the request context keys AWS adds
(`iam:PolicyARN`, `iam:PermissionsBoundary`, `iam:PassedToService`: SVC-02)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rolesim.core import requests as r
from rolesim.core.arn import Arn, ArnError
from rolesim.core.sts.errors import StsError
from rolesim.core.world import Group, Role, User, World

EC2 = "ec2.amazonaws.com"
LAMBDA = "lambda.amazonaws.com"
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True, slots=True)
class Check:
    """One authorization an API request needs. `pass_role` marks an iam:PassRole check,
    whose context carries no resource tags of the role (SVC-03)."""

    action: str
    resource: str
    context: dict[str, str] = field(default_factory=dict)
    pass_role: bool = False

    def words(self) -> str:
        extra = "".join(f" with {k} = {v}" for k, v in self.context.items())
        return f"{self.action} on {self.resource}{extra}"


def _kind_word(world: World, arn: str) -> str:
    """`User`, `Group` or `Role`, as the IAM action names spell it."""
    entity = world.principal(arn)
    if isinstance(entity, User):
        return "User"
    if isinstance(entity, Group):
        return "Group"
    if isinstance(entity, Role):
        return "Role"
    try:
        kind = Arn.parse(arn).resource_type
    except ArnError:
        kind = ""
    return {"user": "User", "group": "Group", "role": "Role"}.get(kind, "Role")


def function_arn(function: str, account: str) -> str:
    """A function given by name is in the caller's account, in us-east-1."""
    if function.startswith("arn:"):
        return function
    return f"arn:aws:lambda:{DEFAULT_REGION}:{account}:function:{function}"


def pass_role(role: str, service: str) -> Check:
    return Check("iam:PassRole", role, {"iam:PassedToService": service}, pass_role=True)


def profile_role(world: World, profile: str) -> str:
    found = world.instance_profiles.get(profile)
    if found is None:
        raise StsError("InvalidParameterValue", f"Value ({profile}) for parameter "
                       "iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN")
    return found.role


def checks_for(world: World, request: r.WorldRequest | r.InvokeFunction, account: str,
               user: str | None) -> list[Check]:
    """The authorizations `request` needs from a caller of `account` (whose own IAM user is
    `user`, for requests that default to it)."""
    match request:
        case r.UpdateTrust(role=role):
            return [Check("iam:UpdateAssumeRolePolicy", role)]
        case r.AttachPolicy(principal=p, policy=policy):
            return [Check(f"iam:Attach{_kind_word(world, p)}Policy", p, {"iam:PolicyARN": policy})]
        case r.DetachPolicy(principal=p, policy=policy):
            return [Check(f"iam:Detach{_kind_word(world, p)}Policy", p, {"iam:PolicyARN": policy})]
        case r.PutPolicy(principal=p):
            return [Check(f"iam:Put{_kind_word(world, p)}Policy", p)]
        case r.DeletePolicy(principal=p):
            return [Check(f"iam:Delete{_kind_word(world, p)}Policy", p)]
        case r.SetBoundary(principal=p, policy=""):
            return [Check(f"iam:Delete{_kind_word(world, p)}PermissionsBoundary", p)]
        case r.SetBoundary(principal=p, policy=policy):
            return [Check(f"iam:Put{_kind_word(world, p)}PermissionsBoundary", p,
                          {"iam:PermissionsBoundary": policy})]
        case r.RevokeSessions(role=role):
            return [Check("iam:PutRolePolicy", role)]
        case r.Recreate(principal=p):
            kind = _kind_word(world, p)
            return [Check(f"iam:Delete{kind}", p), Check(f"iam:Create{kind}", p)]
        case r.CreateAccessKey() | r.CreateLoginProfile() | r.UpdateLoginProfile():
            name = type(request).__name__
            return [Check(f"iam:{name}", request.user or user or "")]
        case r.AddUserToGroup(group=group) | r.RemoveUserFromGroup(group=group):
            return [Check(f"iam:{type(request).__name__}", group)]
        case r.CreatePolicyVersion(policy=policy) | r.SetDefaultPolicyVersion(policy=policy):
            return [Check(f"iam:{type(request).__name__}", policy)]
        case r.RunInstance(instance_profile=profile):
            return [Check("ec2:RunInstances", f"arn:aws:ec2:{DEFAULT_REGION}:{account}:instance/*"),
                    pass_role(profile_role(world, profile), EC2)]
        case r.CreateFunction(function=function, role=role):
            return [Check("lambda:CreateFunction", function_arn(function, account)),
                    pass_role(role, LAMBDA)]
        case r.InvokeFunction(function=function):
            return [Check("lambda:InvokeFunction", function_arn(function, account))]
        case r.UpdateFunctionCode(function=function):
            return [Check("lambda:UpdateFunctionCode", function_arn(function, account))]
        case r.PassRole(role=role, service=service):
            return [pass_role(role, service)]
    raise TypeError(f"no authorization known for {type(request).__name__}")
