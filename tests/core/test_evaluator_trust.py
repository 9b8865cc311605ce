

def test_id16_trust_naming_an_account_in_another_partition_does_not_match() -> None:
    """ID-16: roles cannot delegate across partitions: `arn:aws-cn:iam::A:root` is not
    account A of the `aws` partition, while the bare account ID and the `aws` ARN are."""
    from rolesim.core.policy.model import PrincipalSpec
    from rolesim.core.policy.principals import CompiledPrincipal, MatchKind
    from rolesim.core.request import Caller, PrincipalType

    caller = Caller(PrincipalType.USER, "arn:aws:iam::111111111111:user/alice", "111111111111",
                    "AIDAEXAMPLE", "arn:aws:iam::111111111111:user/alice")
    def kind(value: str) -> MatchKind | None:
        return CompiledPrincipal(PrincipalSpec(False, {"AWS": (value,)})).match(caller, {})
    assert kind("arn:aws-cn:iam::111111111111:root") is None
    assert kind("arn:aws:iam::111111111111:root") is MatchKind.ACCOUNT
    assert kind("111111111111") is MatchKind.ACCOUNT
