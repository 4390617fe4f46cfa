# The sandbox's IAM Identity Center (sso-admin, identitystore) driven by the real AWS CLI v2 (/usr/bin/aws 2.9.19).
#
# Not in CLI 2.9.19, so not driven here (the module's own tests cover them through the SDK):
#   sso-admin describe-instance
#   sso-admin list-account-assignments-for-principal
# Every identitystore command the brief lists exists in 2.9.19.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.0005
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:ViewOnly = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'
    $script:Admin = 'arn:aws:iam::aws:policy/AdministratorAccess'
    $script:Inline = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["eks:DescribeCluster","eks:ListClusters"],"Resource":"*"}]}'
    # Identity store ids: the store's 10 hex digits, a dash, a UUID.
    $script:IdPattern = '^[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'sso-admin and identitystore through the AWS CLI' {
    It 'lists the organization instance of the management account' {
        $instances = @((Invoke-Aws sso-admin list-instances).Instances)
        $instances.Count | Should -Be 1
        $instances[0].InstanceArn | Should -MatchExactly '^arn:aws:sso:::instance/ssoins-[0-9a-f]{16}$'
        $instances[0].IdentityStoreId | Should -MatchExactly '^d-[0-9a-f]{10}$'
        $script:Instance = $instances[0].InstanceArn
        $script:Store = $instances[0].IdentityStoreId
    }

    It 'creates users; describe-user, list-users and get-user-id find them; update-user changes one' {
        $alice, $bob = Invoke-AwsParallel `
            @('identitystore', 'create-user', '--identity-store-id', $script:Store, '--user-name', 'alice', '--display-name', 'Alice Example',
            '--name', 'GivenName=Alice,FamilyName=Example', '--emails', 'Value=alice@example.com,Type=work,Primary=true') `
            @('identitystore', 'create-user', '--identity-store-id', $script:Store, '--user-name', 'bob', '--display-name', 'Bob Example',
            '--name', 'GivenName=Bob,FamilyName=Example')
        $alice.IdentityStoreId | Should -Be $script:Store
        $alice.UserId | Should -MatchExactly $script:IdPattern
        $bob.UserId | Should -MatchExactly $script:IdPattern
        $alice.UserId | Should -Not -Be $bob.UserId
        $script:Alice = $alice.UserId
        $script:Bob = $bob.UserId

        $described, $listed, $byName, $byEmail = Invoke-AwsParallel `
            @('identitystore', 'describe-user', '--identity-store-id', $script:Store, '--user-id', $script:Alice) `
            @('identitystore', 'list-users', '--identity-store-id', $script:Store, '--page-size', '1') `
            @('identitystore', 'get-user-id', '--identity-store-id', $script:Store, '--alternate-identifier', '{"UniqueAttribute":{"AttributePath":"userName","AttributeValue":"bob"}}') `
            @('identitystore', 'get-user-id', '--identity-store-id', $script:Store, '--alternate-identifier', '{"UniqueAttribute":{"AttributePath":"emails.value","AttributeValue":"alice@example.com"}}')
        $described.UserId | Should -Be $script:Alice
        $described.IdentityStoreId | Should -Be $script:Store
        $described.UserName | Should -Be 'alice'
        $described.DisplayName | Should -Be 'Alice Example'
        $described.Name.GivenName | Should -Be 'Alice'
        $described.Name.FamilyName | Should -Be 'Example'
        $described.Emails[0].Value | Should -Be 'alice@example.com'
        $described.Emails[0].Primary | Should -BeTrue
        @($listed.Users).Count | Should -Be 2
        ($listed.Users.UserName | Sort-Object) | Should -Be @('alice', 'bob')
        ($listed.Users | Where-Object UserName -EQ 'bob').UserId | Should -Be $script:Bob
        $byName.UserId | Should -Be $script:Bob
        $byName.IdentityStoreId | Should -Be $script:Store
        $byEmail.UserId | Should -Be $script:Alice

        Invoke-Aws identitystore update-user --identity-store-id $script:Store --user-id $script:Alice `
            --operations '[{"AttributePath":"displayName","AttributeValue":"Alice Updated"},{"AttributePath":"title","AttributeValue":"Platform engineer"}]' |
            Should -BeNullOrEmpty
        $updated = Invoke-Aws identitystore describe-user --identity-store-id $script:Store --user-id $script:Alice
        $updated.DisplayName | Should -Be 'Alice Updated'
        $updated.Title | Should -Be 'Platform engineer'
        $updated.UserName | Should -Be 'alice'
        $updated.Name.GivenName | Should -Be 'Alice'
    }

    It 'creates a group; describe-group, list-groups and get-group-id find it' {
        $group = Invoke-Aws identitystore create-group --identity-store-id $script:Store --display-name 'eks-admins' --description 'EKS administrators'
        $group.GroupId | Should -MatchExactly $script:IdPattern
        $group.IdentityStoreId | Should -Be $script:Store
        $script:Group = $group.GroupId

        $described, $listed, $found = Invoke-AwsParallel `
            @('identitystore', 'describe-group', '--identity-store-id', $script:Store, '--group-id', $script:Group) `
            @('identitystore', 'list-groups', '--identity-store-id', $script:Store) `
            @('identitystore', 'get-group-id', '--identity-store-id', $script:Store, '--alternate-identifier', '{"UniqueAttribute":{"AttributePath":"displayName","AttributeValue":"eks-admins"}}')
        $described.GroupId | Should -Be $script:Group
        $described.DisplayName | Should -Be 'eks-admins'
        $described.Description | Should -Be 'EKS administrators'
        $described.IdentityStoreId | Should -Be $script:Store
        @($listed.Groups).Count | Should -Be 1
        $listed.Groups[0].GroupId | Should -Be $script:Group
        $listed.Groups[0].DisplayName | Should -Be 'eks-admins'
        $found.GroupId | Should -Be $script:Group
        $found.IdentityStoreId | Should -Be $script:Store
    }

    It 'adds a user to the group, finds the membership three ways, and deletes it' {
        $membership = Invoke-Aws identitystore create-group-membership --identity-store-id $script:Store --group-id $script:Group --member-id "UserId=$($script:Alice)"
        $membership.MembershipId | Should -MatchExactly $script:IdPattern
        $membership.IdentityStoreId | Should -Be $script:Store

        $byId, $ofGroup, $ofMember = Invoke-AwsParallel `
            @('identitystore', 'get-group-membership-id', '--identity-store-id', $script:Store, '--group-id', $script:Group, '--member-id', "UserId=$($script:Alice)") `
            @('identitystore', 'list-group-memberships', '--identity-store-id', $script:Store, '--group-id', $script:Group) `
            @('identitystore', 'list-group-memberships-for-member', '--identity-store-id', $script:Store, '--member-id', "UserId=$($script:Alice)")
        $byId.MembershipId | Should -Be $membership.MembershipId
        $byId.IdentityStoreId | Should -Be $script:Store
        @($ofGroup.GroupMemberships).Count | Should -Be 1
        $ofGroup.GroupMemberships[0].MembershipId | Should -Be $membership.MembershipId
        $ofGroup.GroupMemberships[0].GroupId | Should -Be $script:Group
        $ofGroup.GroupMemberships[0].MemberId.UserId | Should -Be $script:Alice
        @($ofMember.GroupMemberships).Count | Should -Be 1
        $ofMember.GroupMemberships[0].GroupId | Should -Be $script:Group
        $ofMember.GroupMemberships[0].MembershipId | Should -Be $membership.MembershipId

        Invoke-Aws identitystore delete-group-membership --identity-store-id $script:Store --membership-id $membership.MembershipId | Should -BeNullOrEmpty
        $after, $afterMember = Invoke-AwsParallel `
            @('identitystore', 'list-group-memberships', '--identity-store-id', $script:Store, '--group-id', $script:Group) `
            @('identitystore', 'list-group-memberships-for-member', '--identity-store-id', $script:Store, '--member-id', "UserId=$($script:Alice)")
        @($after.GroupMemberships).Count | Should -Be 0
        @($afterMember.GroupMemberships).Count | Should -Be 0
    }

    It 'creates, describes, lists and updates a permission set' {
        $ps = (Invoke-Aws sso-admin create-permission-set --instance-arn $script:Instance --name EKSClusterAdmin `
                --description 'EKS cluster administrators' --session-duration PT2H).PermissionSet
        $instanceId = $script:Instance.Split('/')[-1]
        $ps.PermissionSetArn | Should -MatchExactly "^arn:aws:sso:::permissionSet/$instanceId/ps-[0-9a-f]{16}$"
        $ps.Name | Should -Be 'EKSClusterAdmin'
        $ps.Description | Should -Be 'EKS cluster administrators'
        $ps.SessionDuration | Should -Be 'PT2H'
        $ps.CreatedDate | Should -Not -BeNullOrEmpty
        $script:PermissionSet = $ps.PermissionSetArn

        Invoke-Aws sso-admin update-permission-set --instance-arn $script:Instance --permission-set-arn $script:PermissionSet `
            --session-duration PT4H --description 'EKS admins (updated)' | Should -BeNullOrEmpty
        $described, $listed = Invoke-AwsParallel `
            @('sso-admin', 'describe-permission-set', '--instance-arn', $script:Instance, '--permission-set-arn', $script:PermissionSet) `
            @('sso-admin', 'list-permission-sets', '--instance-arn', $script:Instance)
        $described.PermissionSet.PermissionSetArn | Should -Be $script:PermissionSet
        $described.PermissionSet.Name | Should -Be 'EKSClusterAdmin'
        $described.PermissionSet.SessionDuration | Should -Be 'PT4H'
        $described.PermissionSet.Description | Should -Be 'EKS admins (updated)'
        @($listed.PermissionSets) | Should -Be @($script:PermissionSet)
    }

    It 'attaches, lists and detaches managed policies and puts and gets the inline policy' {
        $ps = @('--instance-arn', $script:Instance, '--permission-set-arn', $script:PermissionSet)
        Invoke-AwsParallel @(@('sso-admin', 'attach-managed-policy-to-permission-set') + $ps + @('--managed-policy-arn', $script:ViewOnly)) `
            @(@('sso-admin', 'attach-managed-policy-to-permission-set') + $ps + @('--managed-policy-arn', $script:Admin)) `
            @(@('sso-admin', 'put-inline-policy-to-permission-set') + $ps + @('--inline-policy', $script:Inline)) |
            Where-Object { $_ } | Should -BeNullOrEmpty -Because 'the three commands print nothing'

        $both, $inline = Invoke-AwsParallel `
            @('sso-admin', 'list-managed-policies-in-permission-set', '--instance-arn', $script:Instance, '--permission-set-arn', $script:PermissionSet) `
            @('sso-admin', 'get-inline-policy-for-permission-set', '--instance-arn', $script:Instance, '--permission-set-arn', $script:PermissionSet)
        ($both.AttachedManagedPolicies.Arn | Sort-Object) | Should -Be (@($script:Admin, $script:ViewOnly) | Sort-Object)
        ($both.AttachedManagedPolicies | Where-Object Arn -EQ $script:ViewOnly).Name | Should -Be 'ViewOnlyAccess'
        $document = $inline.InlinePolicy | ConvertFrom-Json
        $document.Statement[0].Effect | Should -Be 'Allow'
        $document.Statement[0].Action | Should -Be @('eks:DescribeCluster', 'eks:ListClusters')

        Invoke-Aws sso-admin detach-managed-policy-from-permission-set --instance-arn $script:Instance --permission-set-arn $script:PermissionSet --managed-policy-arn $script:Admin |
            Should -BeNullOrEmpty
        $one = Invoke-Aws sso-admin list-managed-policies-in-permission-set --instance-arn $script:Instance --permission-set-arn $script:PermissionSet
        @($one.AttachedManagedPolicies).Count | Should -Be 1
        $one.AttachedManagedPolicies[0].Arn | Should -Be $script:ViewOnly
        $one.AttachedManagedPolicies[0].Name | Should -Be 'ViewOnlyAccess'
    }

    It 'provisions the permission set into the management account' {
        $status = (Invoke-Aws sso-admin provision-permission-set --instance-arn $script:Instance --permission-set-arn $script:PermissionSet `
                --target-type AWS_ACCOUNT --target-id $script:Mgmt).PermissionSetProvisioningStatus
        $status.Status | Should -Be 'IN_PROGRESS'
        $status.RequestId | Should -MatchExactly '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        $status.PermissionSetArn | Should -Be $script:PermissionSet
        $status.AccountId | Should -Be $script:Mgmt

        $done = Wait-AwsState -Because 'provisioning to finish' -Poll {
            (Invoke-Aws sso-admin describe-permission-set-provisioning-status --instance-arn $script:Instance --provision-permission-set-request-id $status.RequestId).PermissionSetProvisioningStatus
        } -Until { $_.Status -ne 'IN_PROGRESS' }
        $done.Status | Should -Be 'SUCCEEDED'
        $done.RequestId | Should -Be $status.RequestId
        $done.AccountId | Should -Be $script:Mgmt
        $done.PermissionSetArn | Should -Be $script:PermissionSet
        $done.PSObject.Properties['FailureReason'] | Should -BeNullOrEmpty
    }

    It 'assigns the permission set to a user; the AWSReservedSSO role appears in IAM with its policies' {
        $creation = (Invoke-Aws sso-admin create-account-assignment --instance-arn $script:Instance --permission-set-arn $script:PermissionSet `
                --target-type AWS_ACCOUNT --target-id $script:Mgmt --principal-type USER --principal-id $script:Alice).AccountAssignmentCreationStatus
        $creation.Status | Should -Be 'IN_PROGRESS'
        $creation.RequestId | Should -Not -BeNullOrEmpty
        $creation.TargetId | Should -Be $script:Mgmt
        $creation.TargetType | Should -Be 'AWS_ACCOUNT'
        $creation.PrincipalType | Should -Be 'USER'
        $creation.PrincipalId | Should -Be $script:Alice
        $creation.PermissionSetArn | Should -Be $script:PermissionSet

        $done = Wait-AwsState -Because 'the assignment to be created' -Poll {
            (Invoke-Aws sso-admin describe-account-assignment-creation-status --instance-arn $script:Instance --account-assignment-creation-request-id $creation.RequestId).AccountAssignmentCreationStatus
        } -Until { $_.Status -ne 'IN_PROGRESS' }
        $done.Status | Should -Be 'SUCCEEDED'
        $done.RequestId | Should -Be $creation.RequestId
        $done.PrincipalId | Should -Be $script:Alice

        $assignments, $roles = Invoke-AwsParallel `
            @('sso-admin', 'list-account-assignments', '--instance-arn', $script:Instance, '--account-id', $script:Mgmt, '--permission-set-arn', $script:PermissionSet) `
            @('iam', 'list-roles', '--path-prefix', '/aws-reserved/sso.amazonaws.com/')
        @($assignments.AccountAssignments).Count | Should -Be 1
        $assignments.AccountAssignments[0].AccountId | Should -Be $script:Mgmt
        $assignments.AccountAssignments[0].PermissionSetArn | Should -Be $script:PermissionSet
        $assignments.AccountAssignments[0].PrincipalType | Should -Be 'USER'
        $assignments.AccountAssignments[0].PrincipalId | Should -Be $script:Alice

        @($roles.Roles).Count | Should -Be 1
        $role = $roles.Roles[0]
        $role.RoleName | Should -MatchExactly '^AWSReservedSSO_EKSClusterAdmin_[0-9a-f]{16}$'
        $role.Path | Should -BeExactly '/aws-reserved/sso.amazonaws.com/' -Because 'the home region us-east-1 is left out of the path'
        $role.Arn | Should -Be "arn:aws:iam::$($script:Mgmt):role/aws-reserved/sso.amazonaws.com/$($role.RoleName)"
        $role.MaxSessionDuration | Should -Be 14400 -Because 'the permission set session duration is PT4H'
        $trust = $role.AssumeRolePolicyDocument.Statement[0]
        $trust.Principal.Federated | Should -MatchExactly "^arn:aws:iam::$($script:Mgmt):saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$"
        $trust.Action | Should -Contain 'sts:AssumeRoleWithSAML'
        $script:SsoRole = $role.RoleName

        $attached, $inline = Invoke-AwsParallel `
            @('iam', 'list-attached-role-policies', '--role-name', $script:SsoRole) `
            @('iam', 'get-role-policy', '--role-name', $script:SsoRole, '--policy-name', 'AwsSSOInlinePolicy')
        @($attached.AttachedPolicies).Count | Should -Be 1
        $attached.AttachedPolicies[0].PolicyArn | Should -Be $script:ViewOnly
        $attached.AttachedPolicies[0].PolicyName | Should -Be 'ViewOnlyAccess'
        $inline.PolicyDocument.Statement[0].Action | Should -Be @('eks:DescribeCluster', 'eks:ListClusters')
    }

    It 'deletes the assignment; the last one gone, the AWSReservedSSO role goes too' {
        $deletion = (Invoke-Aws sso-admin delete-account-assignment --instance-arn $script:Instance --permission-set-arn $script:PermissionSet `
                --target-type AWS_ACCOUNT --target-id $script:Mgmt --principal-type USER --principal-id $script:Alice).AccountAssignmentDeletionStatus
        $deletion.Status | Should -Be 'IN_PROGRESS'
        $deletion.RequestId | Should -Not -BeNullOrEmpty
        $deletion.PrincipalId | Should -Be $script:Alice
        $deletion.TargetId | Should -Be $script:Mgmt

        $done = Wait-AwsState -Because 'the assignment to be deleted' -Poll {
            (Invoke-Aws sso-admin describe-account-assignment-deletion-status --instance-arn $script:Instance --account-assignment-deletion-request-id $deletion.RequestId).AccountAssignmentDeletionStatus
        } -Until { $_.Status -ne 'IN_PROGRESS' }
        $done.Status | Should -Be 'SUCCEEDED'
        $done.RequestId | Should -Be $deletion.RequestId
        $done.PermissionSetArn | Should -Be $script:PermissionSet

        $assignments, $roles = Invoke-AwsParallel `
            @('sso-admin', 'list-account-assignments', '--instance-arn', $script:Instance, '--account-id', $script:Mgmt, '--permission-set-arn', $script:PermissionSet) `
            @('iam', 'list-roles', '--path-prefix', '/aws-reserved/sso.amazonaws.com/')
        @($assignments.AccountAssignments).Count | Should -Be 0
        @($roles.Roles).Count | Should -Be 0
    }
}
