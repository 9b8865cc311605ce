"""What a learner is told when a request names a role the world does not hold.

AWS answers such a request with the same AccessDenied as a refused one (AR-18), so the error
alone reads as "a policy is wrong". The explanation says the role is not there, why AWS does
not say so, and which role of the world was probably meant.
"""

from __future__ import annotations

from rolesim.core.arn_hint import closest_arn
from rolesim.core.world import World


def no_such_role(world: World, role_arn: str) -> tuple[str, ...]:
    """Sentences for the explanation of an AccessDenied on a role that does not exist."""
    said = [f"There is no role {role_arn} in this world. AWS answers AccessDenied for a role "
            "that does not exist, exactly as for one the caller may not assume, so that the "
            "error does not tell anyone which roles exist (AR-18)."]
    if role_arn in world.users:
        said.append("That ARN names a user: only a role can be assumed.")
    else:
        meant = closest_arn(role_arn, world.roles)
        if meant is not None:
            said.append(f"Did you mean {meant}?")
    return tuple(said)
