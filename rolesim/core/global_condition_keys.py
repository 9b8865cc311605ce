"""AWS global condition keys (`aws:...`) and their types, which the service reference data
does not list (it lists only the tag keys `aws:RequestTag/${TagKey}`, `aws:ResourceTag/${TagKey}`
and `aws:TagKeys`, under each service that supports them).

Source: IAM User Guide, "AWS global condition context keys" (UG:reference_policies_condition-keys;
fact sheet section 14, CK-01..CK-15): each key's data type and the operators it works with.
Types use the service reference's vocabulary, so a linter sees one set of names: `String`,
`ARN`, `Bool`, `Date`, `Numeric`, `IPAddress`, and `ArrayOfString` for the multivalued keys.
`aws:EpochTime` works with date and numeric operators; it is typed `Date` here.
"""

from __future__ import annotations

GLOBAL_CONDITION_KEY_TYPES: dict[str, str] = {
    # the principal (CK-01..CK-05, CK-13)
    "aws:PrincipalArn": "ARN",
    "aws:PrincipalAccount": "String",
    "aws:PrincipalOrgID": "String",
    "aws:PrincipalOrgPaths": "ArrayOfString",
    "aws:PrincipalTag/${TagKey}": "String",
    "aws:PrincipalIsAWSService": "Bool",
    "aws:PrincipalServiceName": "String",
    "aws:PrincipalServiceNamesList": "ArrayOfString",
    "aws:PrincipalType": "String",
    "aws:userid": "String",
    "aws:username": "String",
    # the role session (CK-06..CK-09, CK-15)
    "aws:FederatedProvider": "String",
    "aws:TokenIssueTime": "Date",
    "aws:MultiFactorAuthAge": "Numeric",
    "aws:MultiFactorAuthPresent": "Bool",
    "aws:SourceIdentity": "String",
    "aws:Ec2InstanceSourceVpc": "String",
    "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
    # the network (CK-11)
    "aws:SourceIp": "IPAddress",
    "aws:SourceVpc": "String",
    "aws:SourceVpce": "String",
    "aws:VpcSourceIp": "IPAddress",
    # the resource
    "aws:ResourceAccount": "String",
    "aws:ResourceOrgID": "String",
    "aws:ResourceOrgPaths": "ArrayOfString",
    "aws:ResourceTag/${TagKey}": "String",
    # the request (CK-04, CK-10, CK-12, CK-14)
    "aws:CalledVia": "ArrayOfString",
    "aws:CalledViaFirst": "String",
    "aws:CalledViaLast": "String",
    "aws:ViaAWSService": "Bool",
    "aws:CurrentTime": "Date",
    "aws:EpochTime": "Date",
    "aws:Referer": "String",
    "aws:RequestedRegion": "String",
    "aws:RequestTag/${TagKey}": "String",
    "aws:TagKeys": "ArrayOfString",
    "aws:SecureTransport": "Bool",
    "aws:SourceAccount": "String",
    "aws:SourceArn": "ARN",
    "aws:SourceOrgID": "String",
    "aws:SourceOrgPaths": "ArrayOfString",
    "aws:UserAgent": "String",
}
