BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module (Join-Path $PSScriptRoot 'FakeAwsEndpoint.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module $script:ModulePath -Force
    . (Join-Path $PSScriptRoot '../../tools/PwshProcess.ps1')

    $script:Secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETVALUE'
    $script:Token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENVALUE'
    $script:EnvNames = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION',
    'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_ORGANIZATIONS',
    'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_MAX_ATTEMPTS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'
    $script:SavedEnv = Save-TestEnvironment $script:EnvNames

    function Set-TestEnvironment([string] $Endpoint) {
        foreach ($n in $script:EnvNames) { Set-TestEnvironmentVariable $n $null }
        $env:AWS_ACCESS_KEY_ID = 'AKIDPESTEREXAMPLE'
        $env:AWS_SECRET_ACCESS_KEY = $script:Secret
        $env:AWS_SESSION_TOKEN = $script:Token
        $env:AWS_REGION = 'eu-west-1'
        $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
        if ($Endpoint) { $env:AWS_ENDPOINT_URL = $Endpoint }
    }

    $script:PlainIdentity = New-QueryReply -Action GetCallerIdentity -ResultXml '<Arn>arn:aws:iam::111122223333:user/admin</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>111122223333</Account>'
    $script:SsoRoleName = 'AWSReservedSSO_EKSClusterAdminAccess_0123456789abcdef'
    $script:SsoIdentity = New-QueryReply -Action GetCallerIdentity -ResultXml "<Arn>arn:aws:sts::444455556666:assumed-role/$($script:SsoRoleName)/eksadmin</Arn><UserId>AROAEXAMPLE:eksadmin</UserId><Account>444455556666</Account>"
    $script:SsoRoleArn = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/$($script:SsoRoleName)"
    $script:GetRole = New-QueryReply -Action GetRole -Namespace 'https://iam.amazonaws.com/doc/2010-05-08/' -ResultXml "<Role><Path>/aws-reserved/sso.amazonaws.com/eu-west-1/</Path><RoleName>$($script:SsoRoleName)</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>$($script:SsoRoleArn)</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></Role>"
}

AfterAll {
    Restore-TestEnvironment $script:SavedEnv
    Remove-Module EksSso -ErrorAction Ignore
}

Describe 'Module manifest and layout' {
    It 'is a valid manifest that exports exactly the cmdlets it lists' {
        $manifest = Test-ModuleManifest (Join-Path $script:ModulePath 'EksSso.psd1')
        $exported = (Get-Command -Module EksSso).Name | Sort-Object
        $exported | Should -Be (@($manifest.ExportedCmdlets.Keys) | Sort-Object)
        $exported | Should -Contain 'Get-EksSsoCallerIdentity'
        $exported | Should -Contain 'Get-EksSsoOrganization'
    }

    It 'keeps the engine and its dependencies out of the module root' {
        Test-Path (Join-Path $script:ModulePath 'Dependencies/EksSso.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $script:ModulePath 'Dependencies/AWSSDK.Core.dll') | Should -BeTrue
        Test-Path (Join-Path $script:ModulePath 'AWSSDK.Core.dll') | Should -BeFalse
        Test-Path (Join-Path $script:ModulePath 'EksSso.Engine.dll') | Should -BeFalse
    }

    It 'declares an output type for every cmdlet and a format view for each output type' {
        $manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'EksSso.psd1')
        $views = foreach ($file in $manifest.FormatsToProcess) {
            ([xml](Get-Content (Join-Path $script:ModulePath $file) -Raw)).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        }
        foreach ($cmd in Get-Command -Module EksSso) {
            $cmd.OutputType.Count | Should -BeGreaterThan 0 -Because "$($cmd.Name) should declare [OutputType]"
            # Void and String need no view (Get-EksToken -AsExecCredential writes the ExecCredential JSON as a string).
            foreach ($t in $cmd.OutputType | Where-Object Name -NotIn 'System.Void', 'System.String') { $views | Should -Contain $t.Name }
        }
    }

    It 'offers -ProfileName, -Region and -Context on every AWS-facing cmdlet, with tab completion' {
        $awsFacing = @(Get-Command -Module EksSso | Where-Object { $_.ImplementingType.IsSubclassOf([EksSso.Commands.EksSsoAwsCmdlet]) })
        $awsFacing.Name | Should -Contain 'Get-EksSsoCallerIdentity'
        foreach ($cmd in $awsFacing) {
            $cmd.Parameters.Keys | Should -Contain 'ProfileName'
            $cmd.Parameters.Keys | Should -Contain 'Region'
            $cmd.Parameters['Context'].ParameterType.FullName | Should -Be 'EksSso.EksSsoContext'
        }
        $line = 'Get-EksSsoCallerIdentity -Region eu-west-'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'eu-west-1'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain 'us-east-1'
    }
}

Describe 'Get-EksSsoCallerIdentity against a local endpoint' {
    BeforeAll {
        $script:Main = Start-FakeAwsEndpoint -Rules @{
            GetCallerIdentity = $script:PlainIdentity
        }
        $script:Other = Start-FakeAwsEndpoint -Rules @{
            GetCallerIdentity = New-QueryReply -Action GetCallerIdentity -ResultXml '<Arn>arn:aws:iam::999988887777:user/other</Arn><UserId>AIDAOTHER</UserId><Account>999988887777</Account>'
        }
    }
    AfterAll {
        Stop-FakeAwsEndpoint $script:Main
        Stop-FakeAwsEndpoint $script:Other
    }
    BeforeEach { Set-TestEnvironment $script:Main.Url }

    It 'returns the typed identity through AWS_ENDPOINT_URL with static environment credentials' {
        $before = $script:Main.Requests.Count
        $id = Get-EksSsoCallerIdentity
        $id | Should -BeOfType ([EksSso.EksSsoCallerIdentity])
        $id.Account | Should -Be '111122223333'
        $id.Arn | Should -Be 'arn:aws:iam::111122223333:user/admin'
        $id.UserId | Should -Be 'AIDAEXAMPLEUSERID'
        $id.IsSsoSession | Should -BeFalse
        $id.PermissionSetName | Should -BeNullOrEmpty
        $script:Main.Requests.Count | Should -Be ($before + 1)
        $last = @($script:Main.Requests)[-1]
        $last.Key | Should -Be 'GetCallerIdentity'
        $last.Authorization | Should -Match 'Credential=AKIDPESTEREXAMPLE/\d{8}/eu-west-1/sts/aws4_request'
        $last.SecurityToken | Should -Be $script:Token
    }

    It 'sends STS calls to AWS_ENDPOINT_URL_STS when it is set' {
        $env:AWS_ENDPOINT_URL_STS = $script:Other.Url
        $mainBefore = $script:Main.Requests.Count
        $otherBefore = $script:Other.Requests.Count
        $id = Get-EksSsoCallerIdentity
        $id.Account | Should -Be '999988887777'
        $script:Other.Requests.Count | Should -Be ($otherBefore + 1)
        $script:Main.Requests.Count | Should -Be $mainBefore
    }

    It 'honours the endpoint_url of the profile named by -ProfileName' {
        $env:AWS_ENDPOINT_URL = $null
        $config = Join-Path $TestDrive 'config-endpoint'
        Set-Content $config "[profile local]`nregion = ap-southeast-2`nendpoint_url = $($script:Other.Url)`naws_access_key_id = AKIDPROFILEEXAMPLE`naws_secret_access_key = profilesecret`n"
        $env:AWS_CONFIG_FILE = $config
        $env:AWS_REGION = $null
        $before = $script:Other.Requests.Count
        (Get-EksSsoCallerIdentity -ProfileName local).Account | Should -Be '999988887777'
        @($script:Other.Requests)[-1].Authorization | Should -Match 'Credential=AKIDPROFILEEXAMPLE/\d{8}/ap-southeast-2/sts/aws4_request'
        $script:Other.Requests.Count | Should -Be ($before + 1)
    }

    It 'signs for the region given with -Region' {
        Get-EksSsoCallerIdentity -Region ca-central-1 | Out-Null
        @($script:Main.Requests)[-1].Authorization | Should -Match '/ca-central-1/sts/aws4_request'
    }

    It 'writes one verbose line per AWS call without any secret' {
        $verbose = Get-EksSsoCallerIdentity -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $aws = @($verbose | Where-Object Message -Like 'AWS *')
        $aws.Count | Should -Be 1
        $aws[0].Message | Should -Match '^AWS STS GetCallerIdentity -> 200 in \d+ ms, 1 attempt, request id \S+'
        $all = ($verbose.Message -join "`n")
        $all | Should -Not -Match ([regex]::Escape($script:Secret))
        $all | Should -Not -Match ([regex]::Escape($script:Token))
    }

    It 'stops with ProfileNotFound, before any call, for an unknown profile' {
        $before = $script:Main.Requests.Count
        { Get-EksSsoCallerIdentity -ProfileName does-not-exist -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProfileNotFound,EksSso.Commands.Identity.GetEksSsoCallerIdentityCommand'
        $script:Main.Requests.Count | Should -Be $before
    }

    It 'rejects a malformed region before any call' {
        $before = $script:Main.Requests.Count
        { Get-EksSsoCallerIdentity -Region 'not a region' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidRegion,EksSso.Commands.Identity.GetEksSsoCallerIdentityCommand'
        $script:Main.Requests.Count | Should -Be $before
    }

    It 'reports an unreachable endpoint as a connection error' {
        $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
        $env:AWS_MAX_ATTEMPTS = '1'
        $err = $null
        Get-EksSsoCallerIdentity -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'EndpointUnreachable,EksSso.Commands.Identity.GetEksSsoCallerIdentityCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Get-EksSsoCallerIdentity for an IAM Identity Center role session' {
    It 'adds the permission set, the SSO user and the role ARN with its path from IAM' {
        $ep = Start-FakeAwsEndpoint -Rules @{ GetCallerIdentity = $script:SsoIdentity; GetRole = $script:GetRole }
        try {
            Set-TestEnvironment $ep.Url
            $id = Get-EksSsoCallerIdentity
            $id.IsSsoSession | Should -BeTrue
            $id.PermissionSetName | Should -Be 'EKSClusterAdminAccess'
            $id.SsoUserName | Should -Be 'eksadmin'
            $id.RoleArn | Should -Be $script:SsoRoleArn
            $getRole = @($ep.Requests | Where-Object Key -EQ 'GetRole')
            $getRole.Count | Should -Be 1
            $getRole[0].Body | Should -Match "RoleName=$($script:SsoRoleName)"
            # IAM is global: signed for us-east-1 whatever the session's region.
            $getRole[0].Authorization | Should -Match '/us-east-1/iam/aws4_request'
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }

    It 'warns and leaves RoleArn empty when the caller may call neither iam:GetRole nor iam:ListRoles' {
        $ep = Start-FakeAwsEndpoint -Rules @{
            GetCallerIdentity = $script:SsoIdentity
            GetRole           = New-QueryError -Status 403 -Code AccessDenied -Message 'User is not authorized to perform: iam:GetRole'
            ListRoles         = New-QueryError -Status 403 -Code AccessDenied -Message 'User is not authorized to perform: iam:ListRoles'
        }
        try {
            Set-TestEnvironment $ep.Url
            $id = Get-EksSsoCallerIdentity -WarningVariable warn -WarningAction SilentlyContinue
            $id.PermissionSetName | Should -Be 'EKSClusterAdminAccess'
            $id.RoleArn | Should -BeNullOrEmpty
            $warn[0].Message | Should -Match 'iam:GetRole'
            $warn[0].Message | Should -Match 'iam:ListRoles'
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }

    It 'finds the role through iam:ListRoles when iam:GetRole is denied (ViewOnlyAccess)' {
        $roles = '<Roles><member><Path>/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Other_0123456789abcdef/</Path><RoleName>AWSReservedSSO_Other_0123456789abcdef</RoleName><RoleId>AROAOTHER</RoleId><Arn>arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Other_0123456789abcdef</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>' +
            "<member><Path>/aws-reserved/sso.amazonaws.com/eu-west-1/</Path><RoleName>$($script:SsoRoleName)</RoleName><RoleId>AROASSO</RoleId><Arn>$($script:SsoRoleArn)</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></Roles><IsTruncated>false</IsTruncated>"
        $ep = Start-FakeAwsEndpoint -Rules @{
            GetCallerIdentity = $script:SsoIdentity
            GetRole           = New-QueryError -Status 403 -Code AccessDenied -Message 'User is not authorized to perform: iam:GetRole'
            ListRoles         = New-QueryReply -Action ListRoles -ResultXml $roles -Namespace 'https://iam.amazonaws.com/doc/2010-05-08/'
        }
        try {
            Set-TestEnvironment $ep.Url
            $id = Get-EksSsoCallerIdentity -WarningVariable warn -WarningAction SilentlyContinue
            $id.RoleArn | Should -Be $script:SsoRoleArn
            $warn | Should -BeNullOrEmpty
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }
}

Describe 'Get-EksSsoOrganization' {
    It 'returns the typed organization' {
        $ep = Start-FakeAwsEndpoint -Rules @{
            'AWSOrganizationsV20161128.DescribeOrganization' = New-JsonReply -Body '{"Organization":{"Id":"o-abcde12345","Arn":"arn:aws:organizations::111122223333:organization/o-abcde12345","FeatureSet":"ALL","MasterAccountArn":"arn:aws:organizations::111122223333:account/o-abcde12345/111122223333","MasterAccountId":"111122223333","MasterAccountEmail":"root@example.com"}}'
        }
        try {
            Set-TestEnvironment $ep.Url
            $org = Get-EksSsoOrganization
            $org | Should -BeOfType ([EksSso.EksSsoOrganization])
            $org.Id | Should -Be 'o-abcde12345'
            $org.FeatureSet | Should -Be 'ALL'
            $org.MasterAccountEmail | Should -Be 'root@example.com'
            @($ep.Requests)[-1].Authorization | Should -Match '/us-east-1/organizations/aws4_request'
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }

    It 'says how to create an organization when the account has none' {
        $ep = Start-FakeAwsEndpoint -Rules @{
            'AWSOrganizationsV20161128.DescribeOrganization' = New-JsonReply -Status 400 -Body '{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}'
        }
        try {
            Set-TestEnvironment $ep.Url
            $err = $null
            Get-EksSsoOrganization -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'OrganizationNotInUse,EksSso.Commands.Organizations.GetEksSsoOrganizationCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].ToString() | Should -Match 'New-EksSsoOrganization'
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }

    It 'keeps the AWS error code, category and request id of a denial' {
        $ep = Start-FakeAwsEndpoint -Rules @{
            'AWSOrganizationsV20161128.DescribeOrganization' = New-JsonReply -Status 400 -Body '{"__type":"AccessDeniedException","Message":"You don''t have permissions to access this resource."}'
        }
        try {
            Set-TestEnvironment $ep.Url
            $err = $null
            Get-EksSsoOrganization -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'AccessDeniedException,EksSso.Commands.Organizations.GetEksSsoOrganizationCommand'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err[0].Exception.ErrorCode | Should -Be 'AccessDeniedException'
            $err[0].Exception.RequestId | Should -Match '^req-'
            $err[0].ToString() | Should -Not -Match ([regex]::Escape($script:Secret))
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }
}

Describe 'Load context isolation' {
    It 'works in a session that loaded AWSSDK.Core 3.7 first' {
        $sdk37 = $env:EKSSSO_AWSSDK37_PATH
        $sdk37 | Should -Not -BeNullOrEmpty -Because 'build.ps1 Test restores AWSSDK.Core 3.7.501.1 and sets EKSSSO_AWSSDK37_PATH'
        Test-Path $sdk37 | Should -BeTrue
        $ep = Start-FakeAwsEndpoint -Rules @{ GetCallerIdentity = $script:PlainIdentity }
        try {
            Set-TestEnvironment $ep.Url
            $out = Invoke-FreshPwsh -Command @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$sdk37'
`$first = [Amazon.Runtime.AWSCredentials].Assembly.GetName().Version.ToString()
Import-Module '$($script:ModulePath)'
`$id = Get-EksSsoCallerIdentity
`$second = [Amazon.Runtime.AWSCredentials].Assembly.GetName().Version.ToString()
`$engineSdk = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { `$_.GetName().Version.Major }
"first=`$first;second=`$second;account=`$(`$id.Account);majors=`$((`$engineSdk | Sort-Object) -join ',')"
"@
            $line = @($out)[-1]
            # AWSSDK.Core 3.7.x carries assembly version 3.3.0.0, 4.x carries 4.0.0.0.
            $line | Should -Match '^first=3\.'
            $line | Should -Match 'second=3\.'
            $line | Should -Match 'account=111122223333'
            $line | Should -Match 'majors=3,4$'
        }
        finally { Stop-FakeAwsEndpoint $ep }
    }
}
