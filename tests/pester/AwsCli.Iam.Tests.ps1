# The sandbox's IAM (roles, customer managed policies and their versions) driven by the real AWS CLI v2
# (/usr/bin/aws 2.9.19). Every iam command the brief lists exists in 2.9.19. The AWSReservedSSO role that an
# account assignment creates (iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/) is checked in
# AwsCli.IdentityCenter.Tests.ps1, where the assignment is made.
#
# The CLI URL-decodes IAM's policy documents and parses them: AssumeRolePolicyDocument and a policy version's
# Document come back as objects, not as %7B...-encoded strings.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:ViewOnly = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'
    $script:Ec2Trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $script:EksTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'
    $script:PolicyV1 = '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["eks:DescribeCluster","eks:ListClusters"],"Resource":"*"}]}'
    $script:PolicyV2 = '{"Version":"2012-10-17","Statement":[{"Sid":"ReadAll","Effect":"Allow","Action":"eks:Describe*","Resource":"*"}]}'
    $script:RoleArn = "arn:aws:iam::$($script:Mgmt):role/cli/cli-app"
    $script:PolicyArn = "arn:aws:iam::$($script:Mgmt):policy/cli/cli-eks-read"
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'iam through the AWS CLI' {
    It 'creates roles; get-role and list-roles (by path prefix, and page by page) return them' {
        $created, $other = Invoke-AwsParallel @('iam', 'create-role', '--role-name', 'cli-app', '--path', '/cli/', '--assume-role-policy-document', $script:Ec2Trust,
            '--description', 'CLI-test-role', '--max-session-duration', '7200', '--tags', 'Key=team,Value=platform') `
            @('iam', 'create-role', '--role-name', 'cli-other', '--assume-role-policy-document', $script:Ec2Trust)
        $other.Role.Arn | Should -Be "arn:aws:iam::$($script:Mgmt):role/cli-other"
        $other.Role.Path | Should -Be '/'
        $other.Role.MaxSessionDuration | Should -Be 3600
        $role = $created.Role
        $role.RoleName | Should -Be 'cli-app'
        $role.Path | Should -Be '/cli/'
        $role.Arn | Should -Be $script:RoleArn
        $role.RoleId | Should -MatchExactly '^AROA[A-Z0-9]{16,}$'
        $role.AssumeRolePolicyDocument.Statement[0].Principal.Service | Should -Be 'ec2.amazonaws.com'
        $script:RoleId = $role.RoleId

        # list-roles --page-size 1: the CLI follows IsTruncated/Marker through one-role pages and merges them.
        $got, $listed, $all, $paged = Invoke-AwsParallel @('iam', 'get-role', '--role-name', 'cli-app') `
            @('iam', 'list-roles', '--path-prefix', '/cli/') @('iam', 'list-roles') @('iam', 'list-roles', '--page-size', '1')
        $got.Role.Arn | Should -Be $script:RoleArn
        $got.Role.RoleId | Should -Be $script:RoleId
        $got.Role.Description | Should -Be 'CLI-test-role'
        $got.Role.MaxSessionDuration | Should -Be 7200
        $got.Role.AssumeRolePolicyDocument.Statement[0].Action | Should -Be 'sts:AssumeRole'
        @($got.Role.Tags).Count | Should -Be 1
        $got.Role.Tags[0].Key | Should -Be 'team'
        $got.Role.Tags[0].Value | Should -Be 'platform'
        @($listed.Roles).Count | Should -Be 1
        $listed.Roles[0].Arn | Should -Be $script:RoleArn
        $listed.Roles[0].RoleId | Should -Be $script:RoleId
        $all.Roles.Arn | Should -Contain $script:RoleArn
        $all.Roles.Arn | Should -Contain $other.Role.Arn
        @($all.Roles).Count | Should -BeGreaterOrEqual 2
        @($paged.Roles.Arn) | Should -Be @($all.Roles.Arn)
    }

    It 'replaces the trust policy (update-assume-role-policy) and adds tags (tag-role)' {
        Invoke-AwsParallel @('iam', 'update-assume-role-policy', '--role-name', 'cli-app', '--policy-document', $script:EksTrust) `
            @('iam', 'tag-role', '--role-name', 'cli-app', '--tags', 'Key=env,Value=dev', 'Key=team,Value=eks') |
            Where-Object { $_ } | Should -BeNullOrEmpty -Because 'both commands print nothing'

        $role = (Invoke-Aws iam get-role --role-name cli-app).Role
        $role.AssumeRolePolicyDocument.Statement[0].Principal.Service | Should -Be 'eks.amazonaws.com'
        $role.AssumeRolePolicyDocument.Statement[0].Action | Should -Be @('sts:AssumeRole', 'sts:TagSession')
        $tags = @{}
        foreach ($t in $role.Tags) { $tags[$t.Key] = $t.Value }
        $tags.Count | Should -Be 2
        $tags['env'] | Should -Be 'dev'
        $tags['team'] | Should -Be 'eks' -Because 'tag-role overwrites the value of an existing key'
    }

    It 'creates a customer managed policy; get-policy and get-policy-version return it, the document as JSON' {
        $policy = (Invoke-Aws iam create-policy --policy-name cli-eks-read --path /cli/ --policy-document $script:PolicyV1 --description 'Read-EKS').Policy
        $policy.Arn | Should -Be $script:PolicyArn
        $policy.PolicyName | Should -Be 'cli-eks-read'
        $policy.Path | Should -Be '/cli/'
        $policy.PolicyId | Should -MatchExactly '^ANPA[A-Z0-9]{16,}$'
        $policy.DefaultVersionId | Should -Be 'v1'
        $policy.AttachmentCount | Should -Be 0
        $policy.IsAttachable | Should -BeTrue

        $got, $version = Invoke-AwsParallel @('iam', 'get-policy', '--policy-arn', $script:PolicyArn) `
            @('iam', 'get-policy-version', '--policy-arn', $script:PolicyArn, '--version-id', 'v1')
        $got.Policy.Arn | Should -Be $script:PolicyArn
        $got.Policy.PolicyId | Should -Be $policy.PolicyId
        $got.Policy.Description | Should -Be 'Read-EKS'
        $got.Policy.DefaultVersionId | Should -Be 'v1'
        $version.PolicyVersion.VersionId | Should -Be 'v1'
        $version.PolicyVersion.IsDefaultVersion | Should -BeTrue
        $version.PolicyVersion.Document | Should -Not -BeOfType [string] -Because 'the CLI URL-decodes and parses the document'
        $version.PolicyVersion.Document.Version | Should -Be '2012-10-17'
        $version.PolicyVersion.Document.Statement[0].Sid | Should -Be 'Read'
        $version.PolicyVersion.Document.Statement[0].Action | Should -Be @('eks:DescribeCluster', 'eks:ListClusters')
    }

    It 'creates a default policy version, lists the versions and deletes the old one' {
        $created = (Invoke-Aws iam create-policy-version --policy-arn $script:PolicyArn --policy-document $script:PolicyV2 --set-as-default).PolicyVersion
        $created.VersionId | Should -Be 'v2'
        $created.IsDefaultVersion | Should -BeTrue

        $versions, $policy, $v2 = Invoke-AwsParallel @('iam', 'list-policy-versions', '--policy-arn', $script:PolicyArn) `
            @('iam', 'get-policy', '--policy-arn', $script:PolicyArn) `
            @('iam', 'get-policy-version', '--policy-arn', $script:PolicyArn, '--version-id', 'v2')
        @($versions.Versions).Count | Should -Be 2
        ($versions.Versions.VersionId | Sort-Object) | Should -Be @('v1', 'v2')
        ($versions.Versions | Where-Object VersionId -EQ 'v2').IsDefaultVersion | Should -BeTrue
        ($versions.Versions | Where-Object VersionId -EQ 'v1').IsDefaultVersion | Should -BeFalse
        $policy.Policy.DefaultVersionId | Should -Be 'v2'
        $v2.PolicyVersion.Document.Statement[0].Action | Should -Be 'eks:Describe*'

        $conflict, $deleted = Invoke-AwsParallel @('-ExpectError', 'iam', 'delete-policy-version', '--policy-arn', $script:PolicyArn, '--version-id', 'v2') `
            @('iam', 'delete-policy-version', '--policy-arn', $script:PolicyArn, '--version-id', 'v1')
        $conflict.Code | Should -Be 'DeleteConflict' -Because 'v2 is the default version'
        $deleted | Should -BeNullOrEmpty
        $after = Invoke-Aws iam list-policy-versions --policy-arn $script:PolicyArn
        @($after.Versions).Count | Should -Be 1
        $after.Versions[0].VersionId | Should -Be 'v2'
        $after.Versions[0].IsDefaultVersion | Should -BeTrue
    }

    It 'attaches an AWS managed and a customer managed policy to the role, lists and detaches them' {
        Invoke-AwsParallel @('iam', 'attach-role-policy', '--role-name', 'cli-app', '--policy-arn', $script:ViewOnly) `
            @('iam', 'attach-role-policy', '--role-name', 'cli-app', '--policy-arn', $script:PolicyArn) | Where-Object { $_ } | Should -BeNullOrEmpty

        $attached, $policy, $conflict = Invoke-AwsParallel @('iam', 'list-attached-role-policies', '--role-name', 'cli-app') `
            @('iam', 'get-policy', '--policy-arn', $script:PolicyArn) @('-ExpectError', 'iam', 'delete-role', '--role-name', 'cli-app')
        @($attached.AttachedPolicies).Count | Should -Be 2
        ($attached.AttachedPolicies.PolicyArn | Sort-Object) | Should -Be (@($script:ViewOnly, $script:PolicyArn) | Sort-Object)
        ($attached.AttachedPolicies | Where-Object PolicyArn -EQ $script:ViewOnly).PolicyName | Should -Be 'ViewOnlyAccess'
        ($attached.AttachedPolicies | Where-Object PolicyArn -EQ $script:PolicyArn).PolicyName | Should -Be 'cli-eks-read'
        $policy.Policy.AttachmentCount | Should -Be 1
        $conflict.Code | Should -Be 'DeleteConflict' -Because 'policies are still attached to the role'

        Invoke-AwsParallel @('iam', 'detach-role-policy', '--role-name', 'cli-app', '--policy-arn', $script:ViewOnly) `
            @('iam', 'detach-role-policy', '--role-name', 'cli-app', '--policy-arn', $script:PolicyArn) | Where-Object { $_ } | Should -BeNullOrEmpty
        @((Invoke-Aws iam list-attached-role-policies --role-name cli-app).AttachedPolicies).Count | Should -Be 0
    }

    It 'deletes the policy and the roles' {
        Invoke-AwsParallel @('iam', 'delete-policy', '--policy-arn', $script:PolicyArn) @('iam', 'delete-role', '--role-name', 'cli-app') `
            @('iam', 'delete-role', '--role-name', 'cli-other') | Where-Object { $_ } | Should -BeNullOrEmpty

        $policy, $role, $roles = Invoke-AwsParallel @('-ExpectError', 'iam', 'get-policy', '--policy-arn', $script:PolicyArn) `
            @('-ExpectError', 'iam', 'get-role', '--role-name', 'cli-app') @('iam', 'list-roles')
        $policy.Code | Should -Be 'NoSuchEntity'
        $role.Code | Should -Be 'NoSuchEntity'
        $roles.Roles.RoleName | Should -Not -Contain 'cli-app'
        $roles.Roles.RoleName | Should -Not -Contain 'cli-other'
    }

    It 'keeps spaces in values the CLI form-encodes as "+" (descriptions, pretty-printed policy documents)' {
        # botocore sends Query-protocol bodies as application/x-www-form-urlencoded, where a space is '+'. AWS decodes
        # it back to a space; the sandbox keeps a literal '+' (it parses the body with the SigV4 query parser).
        $pretty = @"
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }
  ]
}
"@
        $role = (Invoke-Aws iam create-role --role-name cli-spaces --assume-role-policy-document $pretty --description 'A role with spaces').Role
        $role.Description | Should -BeExactly 'A role with spaces'
        $role.AssumeRolePolicyDocument.Statement[0].Principal.Service | Should -Be 'ec2.amazonaws.com'
        (Invoke-Aws iam get-role --role-name cli-spaces).Role.Description | Should -BeExactly 'A role with spaces'
        $policy = (Invoke-Aws iam create-policy --policy-name cli-spaces --description 'Read EKS clusters' `
                --policy-document '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "eks:List*", "Resource": "*" } ] }').Policy
        (Invoke-Aws iam get-policy --policy-arn $policy.Arn).Policy.Description | Should -BeExactly 'Read EKS clusters'
    }
}
