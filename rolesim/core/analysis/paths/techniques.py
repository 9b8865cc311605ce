"""What each escalation technique needs: the services a role can be passed to, and the sample
of actions by which a principal is judged admin-equivalent.

Sources (AWS documentation): iam:PassRole and iam:PassedToService, SVC-02/SVC-03 and
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html; the create
actions per service are the API calls that accept a role ARN (EC2 RunInstances with an
instance profile, Lambda CreateFunction, CloudFormation CreateStack with RoleARN, Glue
CreateDevEndpoint / CreateJob, CodeBuild CreateProject, SageMaker CreateNotebookInstance /
CreateTrainingJob, ECS RegisterTaskDefinition with taskRoleArn, Data Pipeline
CreatePipeline + PutPipelineDefinition with a role).
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN_POLICY_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
"""The policy an attacker would attach: `iam:PolicyARN` conditions are judged with it."""

ADMIN_SAMPLE = (
    "iam:CreateUser", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:CreateAccessKey",
    "iam:PassRole", "sts:AssumeRole", "ec2:RunInstances", "ec2:TerminateInstances",
    "s3:GetObject", "s3:PutBucketPolicy", "lambda:CreateFunction", "kms:Decrypt",
    "secretsmanager:GetSecretValue", "dynamodb:Scan", "cloudtrail:StopLogging",
    "organizations:DescribeOrganization",
)
"""A fresh session allowed all of these on `*` is taken to be allowed every action on every
resource (documented in docs/paths.md): one action per sensitive service and the IAM
actions that grant more, so `ReadOnlyAccess`, `PowerUserAccess` (no IAM) or a boundary
capping IAM never count."""


@dataclass(frozen=True, slots=True)
class PassRoleService:
    """A service that runs as a role passed to it: `technique` names the edge, `service` is
    the principal the role's trust must accept, `ways` the alternative sets of actions the
    caller needs besides iam:PassRole, each on a new resource of `resource` (`{a}` = account)."""

    technique: str
    service: str
    ways: tuple[tuple[str, ...], ...]
    resource: str
    words: str


PASS_ROLE_SERVICES = (
    PassRoleService("passrole-ec2", "ec2.amazonaws.com", (("ec2:RunInstances",),),
                    "arn:aws:ec2:us-east-1:{a}:instance/*",
                    "launch an EC2 instance with the role and read its credentials"),
    PassRoleService("passrole-lambda", "lambda.amazonaws.com",
                    (("lambda:CreateFunction", "lambda:InvokeFunction"),),
                    "arn:aws:lambda:us-east-1:{a}:function:rolesim-path",
                    "create a Lambda function that runs as the role, and invoke it"),
    PassRoleService("passrole-cloudformation", "cloudformation.amazonaws.com",
                    (("cloudformation:CreateStack",),),
                    "arn:aws:cloudformation:us-east-1:{a}:stack/rolesim-path/*",
                    "create a CloudFormation stack that acts as the role"),
    PassRoleService("passrole-glue", "glue.amazonaws.com",
                    (("glue:CreateDevEndpoint",), ("glue:CreateJob", "glue:StartJobRun")),
                    "arn:aws:glue:us-east-1:{a}:devEndpoint/rolesim-path",
                    "create a Glue endpoint or job that runs as the role"),
    PassRoleService("passrole-codebuild", "codebuild.amazonaws.com",
                    (("codebuild:CreateProject", "codebuild:StartBuild"),),
                    "arn:aws:codebuild:us-east-1:{a}:project/rolesim-path",
                    "create and start a CodeBuild project that runs as the role"),
    PassRoleService("passrole-sagemaker", "sagemaker.amazonaws.com",
                    (("sagemaker:CreateNotebookInstance",
                      "sagemaker:CreatePresignedNotebookInstanceUrl"),
                     ("sagemaker:CreateTrainingJob",), ("sagemaker:CreateProcessingJob",)),
                    "arn:aws:sagemaker:us-east-1:{a}:notebook-instance/rolesim-path",
                    "create a SageMaker notebook or job that runs as the role"),
    PassRoleService("passrole-ecs", "ecs-tasks.amazonaws.com",
                    (("ecs:RegisterTaskDefinition", "ecs:RunTask"),),
                    "arn:aws:ecs:us-east-1:{a}:task-definition/rolesim-path:1",
                    "register and run an ECS task whose task role is the role"),
    PassRoleService("passrole-datapipeline", "datapipeline.amazonaws.com",
                    (("datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition",
                      "datapipeline:ActivatePipeline"),),
                    "arn:aws:datapipeline:us-east-1:{a}:pipeline/rolesim-path",
                    "create and activate a Data Pipeline that runs as the role"),
)

EC2_PROFILE_ACTIONS = ("iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")
"""Needed too when no instance profile holds the role yet (SVC-05, SVC-06)."""

CREDENTIALS = (
    ("create-access-key", "iam:CreateAccessKey", "a new access key for the user"),
    ("create-login-profile", "iam:CreateLoginProfile",
     "a console password for the user (it has none yet)"),
    ("update-login-profile", "iam:UpdateLoginProfile",
     "a new console password for the user (it has one)"),
)
"""Credential creation on another user: technique, action, what it gives."""

LAMBDA_SERVICE = "lambda.amazonaws.com"

SSM_TECHNIQUES = (
    ("ssm-send-command", "ssm:SendCommand",
     "run a command on the instance that reads its role's credentials"),
    ("ssm-start-session", "ssm:StartSession",
     "open a shell on the instance and read its role's credentials"),
)
"""Reaching a running instance's role through Systems Manager: technique, action, how."""

SSM_DOCUMENT = "arn:aws:ssm:{r}::document/AWS-RunShellScript"
"""SendCommand is authorized on the instance and on the document it runs (the AWS-owned
shell-script document: https://docs.aws.amazon.com/service-authorization/latest/reference/
list_awssystemsmanager.html); StartSession on the instance (its default session document is
checked only under ssm:SessionDocumentAccessCheck)."""
