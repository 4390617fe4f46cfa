#Requires -Version 7.0
<#
    New-EksCluster, Get-EksCluster and Remove-EksCluster against the sandbox (Pester 5). At the sandbox's default time
    scale (0.005) a 12-minute cluster creation takes under 4 s, so a whole eksctl-style creation takes a few seconds.
    Resources are counted in the sandbox's state dump and read back through the real AWS CLI.
#>
BeforeAll {
    $script:ModulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $script:ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxControl.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    $script:Sandbox = Start-EksSsoSandbox
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Owner = 'eksso.io/cluster'

    function Get-Ec2State {
        # The EC2 state of one account and region from the sandbox's state dump.
        param([string] $AccountId = $script:Mgmt, [string] $Region = 'us-east-1')
        $state = Invoke-SandboxControl -Path state
        $regional = $state.Accounts.$AccountId.Regional
        [pscustomobject]@{
            Ec2  = $regional.ec2.$Region.PSObject.Properties.Value | Where-Object { $_.PSObject.Properties.Name -contains 'Vpcs' } | Select-Object -First 1
            Eks  = $regional.eks.$Region.PSObject.Properties.Value | Where-Object { $_.PSObject.Properties.Name -contains 'Clusters' } | Select-Object -First 1
            Iam  = $state.Accounts.$AccountId.Iam
        }
    }

    function Get-Inventory {
        # How many of each resource carry the ownership tag of a cluster (NAT gateways: not deleted).
        param([string] $Cluster, [string] $AccountId = $script:Mgmt)
        $s = Get-Ec2State -AccountId $AccountId
        function Tagged($dict) { @($dict.PSObject.Properties.Value | Where-Object { $_.Tags.$script:Owner -eq $Cluster }) }
        $clusters = @($s.Eks.Clusters.PSObject.Properties.Value | Where-Object Name -EQ $Cluster)
        [ordered]@{
            Vpcs             = (Tagged $s.Ec2.Vpcs).Count
            Subnets          = (Tagged $s.Ec2.Subnets).Count
            InternetGateways = (Tagged $s.Ec2.InternetGateways).Count
            Addresses        = (Tagged $s.Ec2.Addresses).Count
            NatGateways      = @(Tagged $s.Ec2.NatGateways | Where-Object { -not $_.DeletedAt }).Count
            RouteTables      = (Tagged $s.Ec2.RouteTables).Count
            Roles            = @($s.Iam.Roles.PSObject.Properties.Value | Where-Object { $_.Tags.$script:Owner -eq $Cluster }).Count
            Clusters         = $clusters.Count
            Nodegroups       = @($clusters | ForEach-Object { $_.Nodegroups.PSObject.Properties } | Where-Object { $_ }).Count
        }
    }

    function Get-PropertyText {
        # Every property and value of an output object, nodegroups included, to compare two runs.
        param($InputObject)
        $InputObject | ConvertTo-Json -Depth 6 -Compress
    }


    $script:Full = [ordered]@{ Vpcs = 1; Subnets = 4; InternetGateways = 1; Addresses = 1; NatGateways = 1; RouteTables = 2; Roles = 2; Clusters = 1; Nodegroups = 1 }
}

AfterAll {
    Clear-SandboxFault
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'New-EksCluster' {
    It 'rejects bad input before any call, with a specific error id' -TestCases @(
        @{ Parameters = @{ Name = '-bad' }; Id = 'InvalidClusterName' }
        @{ Parameters = @{ Name = ('a' * 101) }; Id = 'InvalidClusterName' }
        @{ Parameters = @{ Name = 'ok'; NodeCount = 0 }; Id = 'InvalidNodeCount' }
        @{ Parameters = @{ Name = 'ok'; NodeCount = 451 }; Id = 'InvalidNodeCount' }
        @{ Parameters = @{ Name = 'ok'; KubernetesVersion = 'latest' }; Id = 'InvalidKubernetesVersion' }
        @{ Parameters = @{ Name = 'ok'; SubnetId = 'subnet-1', 'subnet-2' }; Id = 'InvalidSubnetId' }
        @{ Parameters = @{ Name = 'ok'; SubnetId = 'subnet-0123456789abcdef0' }; Id = 'TooFewSubnets' }
        @{ Parameters = @{ Name = 'ok'; NodeType = 'large' }; Id = 'InvalidNodeType' }
    ) {
        Clear-SandboxRequestLog
        { New-EksCluster @Parameters -ErrorAction Stop } | Should -Throw -ErrorId "$Id,EksSso.Commands.Clusters.NewEksClusterCommand"
        Get-SandboxRequestLog | Should -BeNullOrEmpty
    }

    It 'refuses subnets that do not exist, before any change' {
        Clear-SandboxRequestLog
        { New-EksCluster -Name ghost -SubnetId subnet-0123456789abcdef0, subnet-0123456789abcdef1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SubnetNotFound,EksSso.Commands.Clusters.NewEksClusterCommand'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It '-WhatIf prints the whole plan in creation order and makes no mutating call' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { New-EksCluster -Name plan -WhatIf }
        $run.Output | Should -BeNullOrEmpty
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $lines = $run.Text -split "`r?`n" | Where-Object { $_ -match '^\s+create ' } | ForEach-Object { $_.Trim() }
        $lines | Should -HaveCount 14
        $lines[0] | Should -BeLike 'create  VPC 192.168.0.0/16*'
        $lines[1] | Should -BeLike 'create  Public subnet plan/public-us-east-1a (192.168.0.0/19 in us-east-1a, public IPs on launch)'
        $lines[2] | Should -BeLike 'create  Public subnet plan/public-us-east-1b (192.168.32.0/19 in us-east-1b*'
        $lines[3] | Should -BeLike 'create  Private subnet plan/private-us-east-1a (192.168.64.0/19 in us-east-1a)'
        $lines[4] | Should -BeLike 'create  Private subnet plan/private-us-east-1b (192.168.96.0/19 in us-east-1b)'
        $lines[5..9] | ForEach-Object { ($_ -split '\s+')[1] } | Should -Be 'Internet', 'Elastic', 'NAT', 'Public', 'Private'
        $lines[10] | Should -BeLike 'create  Cluster IAM role EksSso-plan-ClusterRole (AmazonEKSClusterPolicy)'
        $lines[11] | Should -BeLike 'create  Node IAM role EksSso-plan-NodeRole (AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly)'
        $lines[12] | Should -BeLike 'create  EKS cluster plan (*API_AND_CONFIG_MAP)'
        $lines[13] | Should -BeLike 'create  Managed nodegroup plan-ng (2 x m5.large, AL2023_x86_64_STANDARD)'
    }

    It 'builds the network, roles, cluster and nodegroup with their tags, in one progress view' {
        Clear-SandboxRequestLog
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($script:ModulePath).AddStatement().AddCommand('New-EksCluster').AddParameter('Name', 'demo')
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $output = @($ps.Invoke())
            $clock.Stop()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $progress = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }
        Write-Host "    New-EksCluster demo: $([int]$clock.Elapsed.TotalMilliseconds) ms, $(@(Get-SandboxRequestLog).Count) calls, $(@(Get-SandboxRequestLog -Mutating).Count) mutating"
        $script:Demo = $output[0]

        # One activity across the whole creation, its status naming the running steps with the elapsed time.
        @($progress | Select-Object -ExpandProperty ActivityId -Unique) | Should -HaveCount 1
        @($progress | Select-Object -ExpandProperty Activity -Unique) | Should -Be 'New-EksCluster demo'
        @($progress.StatusDescription | Where-Object { $_ -like '*EKS cluster demo* elapsed)' }).Count | Should -BeGreaterThan 0
        @($progress.StatusDescription | Where-Object { $_ -like '*IAM role*' -and ($_ -like '*VPC*' -or $_ -like '*subnets*') }).Count | Should -BeGreaterThan 0 -Because 'the roles are created while the network builds'
        @($progress.StatusDescription | Where-Object { $_ -like '*EKS cluster demo*: cluster demo: CREATING (*elapsed)' }).Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'

        $c = $script:Demo
        $c | Should -BeOfType EksSso.EksCluster
        $c.Name | Should -Be 'demo'
        $c.ClusterName | Should -Be 'demo'
        $c.Status | Should -Be 'ACTIVE'
        $c.AuthenticationMode | Should -Be 'API_AND_CONFIG_MAP'
        $c.Arn | Should -Be "arn:aws:eks:us-east-1:$($script:Mgmt):cluster/demo"
        $c.Endpoint | Should -BeLike 'https://*'
        [Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($c.CertificateAuthority)) | Should -BeLike '-----BEGIN CERTIFICATE-----*'
        $c.Region | Should -Be 'us-east-1'
        $c.SubnetIds | Should -HaveCount 4
        $c.Tags['eksso.io/cluster'] | Should -Be 'demo'
        $c.Tags['eksso.io/created-by'] | Should -Be 'EksSso'
        $c.Nodegroups | Should -HaveCount 1
        $ng = $c.Nodegroups[0]
        $ng.Name | Should -Be 'demo-ng'
        $ng.Status | Should -Be 'ACTIVE'
        $ng.InstanceTypes | Should -Be 'm5.large'
        $ng.DesiredSize | Should -Be 2
        $ng.AmiType | Should -Be 'AL2023_x86_64_STANDARD'

        # Through the AWS CLI: the VPC, its subnets and tags, gateways and routes.
        $vpc = (Invoke-Aws ec2 describe-vpcs --vpc-ids $c.VpcId).Vpcs[0]
        $vpc.CidrBlock | Should -Be '192.168.0.0/16'
        ($vpc.Tags | Where-Object Key -EQ 'eksso.io/created-by').Value | Should -Be 'EksSso'
        $state = Get-Ec2State
        $state.Ec2.Vpcs.($c.VpcId).EnableDnsHostnames | Should -BeTrue
        $state.Ec2.Vpcs.($c.VpcId).EnableDnsSupport | Should -BeTrue
        $subnets = (Invoke-Aws ec2 describe-subnets --filters "Name=vpc-id,Values=$($c.VpcId)").Subnets
        $subnets | Should -HaveCount 4
        $public = @($subnets | Where-Object { $_.Tags.Key -contains 'kubernetes.io/role/elb' } | Sort-Object CidrBlock)
        $private = @($subnets | Where-Object { $_.Tags.Key -contains 'kubernetes.io/role/internal-elb' } | Sort-Object CidrBlock)
        $public.CidrBlock | Should -Be '192.168.0.0/19', '192.168.32.0/19'
        $private.CidrBlock | Should -Be '192.168.64.0/19', '192.168.96.0/19'
        $public.MapPublicIpOnLaunch | Should -Be $true, $true
        $private.MapPublicIpOnLaunch | Should -Be $false, $false
        $public.AvailabilityZone | Should -Be 'us-east-1a', 'us-east-1b'
        foreach ($s in $subnets) {
            ($s.Tags | Where-Object Key -EQ 'kubernetes.io/cluster/demo').Value | Should -Be 'shared'
            ($s.Tags | Where-Object Key -EQ 'eksso.io/cluster').Value | Should -Be 'demo'
        }
        $ng.SubnetIds | Sort-Object | Should -Be ($private.SubnetId | Sort-Object)

        $igw = @($state.Ec2.InternetGateways.PSObject.Properties.Value | Where-Object VpcId -EQ $c.VpcId)
        $igw | Should -HaveCount 1
        $igw[0].Tags.'eksso.io/cluster' | Should -Be 'demo'
        $nat = (Invoke-Aws ec2 describe-nat-gateways --filter "Name=vpc-id,Values=$($c.VpcId)").NatGateways
        $nat | Should -HaveCount 1
        $nat[0].State | Should -Be 'available'
        $nat[0].SubnetId | Should -Be $public[0].SubnetId
        ($nat[0].Tags | Where-Object Key -EQ 'eksso.io/cluster').Value | Should -Be 'demo'
        $state.Ec2.Addresses.($nat[0].NatGatewayAddresses[0].AllocationId).Tags.'eksso.io/cluster' | Should -Be 'demo'
        $tables = (Invoke-Aws ec2 describe-route-tables --filters "Name=vpc-id,Values=$($c.VpcId)" 'Name=tag:eksso.io/cluster,Values=demo').RouteTables
        $tables | Should -HaveCount 2
        $publicTable = $tables | Where-Object { $_.Routes.GatewayId -contains $igw[0].InternetGatewayId }
        $privateTable = $tables | Where-Object { $_.Routes.NatGatewayId -contains $nat[0].NatGatewayId }
        ($publicTable.Routes | Where-Object GatewayId -EQ $igw[0].InternetGatewayId).DestinationCidrBlock | Should -Be '0.0.0.0/0'
        $publicTable.Associations.SubnetId | Sort-Object | Should -Be ($public.SubnetId | Sort-Object)
        $privateTable.Associations.SubnetId | Sort-Object | Should -Be ($private.SubnetId | Sort-Object)

        # Roles: trust, managed policies, tags.
        $clusterRole = (Invoke-Aws iam get-role --role-name EksSso-demo-ClusterRole).Role
        $clusterRole.Arn | Should -Be $c.RoleArn
        $clusterRole.AssumeRolePolicyDocument.Statement[0].Principal.Service | Should -Be 'eks.amazonaws.com'
        ($clusterRole.Tags | Where-Object Key -EQ 'eksso.io/cluster').Value | Should -Be 'demo'
        (Invoke-Aws iam list-attached-role-policies --role-name EksSso-demo-ClusterRole).AttachedPolicies.PolicyName | Should -Be 'AmazonEKSClusterPolicy'
        $ng.NodeRole | Should -Be "arn:aws:iam::$($script:Mgmt):role/EksSso-demo-NodeRole"
        (Invoke-Aws iam list-attached-role-policies --role-name EksSso-demo-NodeRole).AttachedPolicies.PolicyName | Sort-Object |
            Should -Be 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy', 'AmazonEKSWorkerNodePolicy'

        # The cluster as EKS has it (AWS CLI 2.9.19 predates accessConfig: read it from the state): API_AND_CONFIG_MAP,
        # the creator bootstrapped as admin, all four subnets.
        $record = $state.Eks.Clusters.demo
        $record.AuthenticationMode | Should -Be 'API_AND_CONFIG_MAP'
        $record.BootstrapClusterCreatorAdminPermissions | Should -BeTrue
        $described = (Invoke-Aws eks describe-cluster --name demo).cluster
        $described.resourcesVpcConfig.subnetIds | Sort-Object | Should -Be ($subnets.SubnetId | Sort-Object)
        $described.tags.'eksso.io/cluster' | Should -Be 'demo'
        $state.Eks.Clusters.demo.Nodegroups.'demo-ng'.Tags.'eksso.io/cluster' | Should -Be 'demo'

        $inventory = Get-Inventory -Cluster demo
        foreach ($k in $script:Full.Keys) { $inventory[$k] | Should -Be $script:Full[$k] -Because $k }
    }

    It 'a second run makes zero mutating calls and returns an equal object' {
        Clear-SandboxRequestLog
        $again = New-EksCluster -Name demo -ErrorAction Stop
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        Get-PropertyText $again | Should -Be (Get-PropertyText $script:Demo)
    }

    It '-WhatIf on a finished cluster reports nothing to create' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { New-EksCluster -Name demo -WhatIf }
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $run.Text | Should -Not -BeLike '*What if*'
        $run.Output.Name | Should -Be 'demo'
    }

    It 'continues after interruptions at three steps (Ctrl+C, role, NAT gateway and nodegroup failures) without duplicates' {
        # 1. EC2 CreateVpc fails: no network; the roles, built meanwhile, may be there.
        Set-SandboxFault -Service ec2 -Operation CreateVpc -ErrorRate 1
        try { { New-EksCluster -Name resume -ErrorAction Stop } | Should -Throw -ErrorId 'InternalFailure,*' }
        finally { Clear-SandboxFault }
        (Get-Inventory -Cluster resume).Vpcs | Should -Be 0

        # 2. EC2 CreateNatGateway (and EKS CreateCluster) fail: VPC, subnets, gateway, address and roles exist now.
        Set-SandboxFault -Service ec2 -Operation CreateNatGateway -ErrorRate 1
        Set-SandboxFault -Service eks -Operation CreateCluster -ErrorRate 1
        try { { New-EksCluster -Name resume -ErrorAction Stop } | Should -Throw -ErrorId 'InternalFailure,*' }
        finally { Clear-SandboxFault }
        $mid = Get-Inventory -Cluster resume
        $mid.Vpcs, $mid.Subnets, $mid.InternetGateways, $mid.Addresses, $mid.Roles, $mid.NatGateways, $mid.Clusters | Should -Be 1, 4, 1, 1, 2, 0, 0

        # 3. Ctrl+C once the NAT gateway is created (PowerShell.Stop() is what Ctrl+C does).
        Clear-SandboxRequestLog
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($script:ModulePath).AddStatement().AddCommand('New-EksCluster').AddParameter('Name', 'resume')
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([DateTime]::UtcNow -lt $deadline -and -not (Get-SandboxRequestLog | Where-Object { $_.Operation -eq 'CreateNatGateway' -and $_.Status -eq 200 })) { Start-Sleep -Milliseconds 50 }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        $mid = Get-Inventory -Cluster resume
        $mid.NatGateways, $mid.Nodegroups | Should -Be 1, 0 -Because 'the cluster takes minutes (seconds here) before a nodegroup can start'

        # 4. CreateNodegroup fails: everything else is there.
        Set-SandboxFault -Service eks -Operation CreateNodegroup -ErrorRate 1
        try { { New-EksCluster -Name resume -ErrorAction Stop } | Should -Throw -ErrorId 'InternalFailure,*' }
        finally { Clear-SandboxFault }
        (Get-Inventory -Cluster resume).Nodegroups | Should -Be 0

        Clear-SandboxRequestLog
        $done = New-EksCluster -Name resume -ErrorAction Stop
        $done.Status | Should -Be 'ACTIVE'
        $done.Nodegroups.Status | Should -Be 'ACTIVE'
        (Get-SandboxRequestLog -Mutating).Operation | Should -Be 'CreateNodegroup'
        $inventory = Get-Inventory -Cluster resume
        foreach ($k in $script:Full.Keys) { $inventory[$k] | Should -Be $script:Full[$k] -Because "$k after four runs" }

        Clear-SandboxRequestLog
        $null = New-EksCluster -Name resume -ErrorAction Stop
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
    }

    It '-NoWait returns once the cluster creation has started' {
        $started = New-EksCluster -Name nowait -NoWait -ErrorAction Stop
        $started.Status | Should -Be 'CREATING'
        $started.Nodegroups | Should -BeNullOrEmpty
        $finished = New-EksCluster -Name nowait -ErrorAction Stop
        $finished.Status | Should -Be 'ACTIVE'
        $finished.Nodegroups.Status | Should -Be 'ACTIVE'
    }
}

Describe 'Get-EksCluster' {
    It 'lists clusters by wildcard and pipes into New-EksCluster by property name' {
        $all = @(Get-EksCluster)
        $all.Name | Should -Contain 'demo'
        $all.Name | Should -Contain 'resume'
        $one = Get-EksCluster -Name 'dem*'
        $one.Name | Should -Be 'demo'
        Get-PropertyText $one | Should -Be (Get-PropertyText $script:Demo)
        Clear-SandboxRequestLog
        ($one | New-EksCluster).Name | Should -Be 'demo'
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        [pscustomobject]@{ ClusterName = 'demo' } | Get-EksCluster | ForEach-Object Name | Should -Be 'demo'
    }

    It 'reports a name that matched nothing' {
        Get-EksCluster -Name missing -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ClusterNotFound,EksSso.Commands.Clusters.GetEksClusterCommand'
    }
}

Describe 'Remove-EksCluster' {
    It '-WhatIf lists what it would delete and deletes nothing' {
        Clear-SandboxRequestLog
        $run = Get-WhatIfText { Remove-EksCluster -Name resume -WhatIf }
        @(Get-SandboxRequestLog -Mutating) | Should -BeNullOrEmpty
        $run.Text | Should -BeLike '*delete  EKS cluster resume*'
        $run.Text | Should -BeLike '*delete  VPC vpc-*'
        (Get-Inventory -Cluster resume).Clusters | Should -Be 1
    }

    It 'deletes exactly the tagged resources and leaves an untagged VPC and role alone' {
        # A cluster in a VPC made with the CLI (no ownership tag), with a cluster role someone else made (no tag).
        $vpcId = (Invoke-Aws ec2 create-vpc --cidr-block 10.20.0.0/16).Vpc.VpcId
        $a = (Invoke-Aws ec2 create-subnet --vpc-id $vpcId --cidr-block 10.20.0.0/20 --availability-zone us-east-1a).Subnet.SubnetId
        $b = (Invoke-Aws ec2 create-subnet --vpc-id $vpcId --cidr-block 10.20.16.0/20 --availability-zone us-east-1b).Subnet.SubnetId
        $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
        $foreignRole = (Invoke-Aws iam create-role --role-name EksSso-own-ClusterRole --assume-role-policy-document $trust).Role
        $null = Invoke-Aws iam attach-role-policy --role-name EksSso-own-ClusterRole --policy-arn arn:aws:iam::aws:policy/AmazonEKSClusterPolicy

        $own = New-EksCluster -Name own -SubnetId $a, $b -NodeCount 1 -ErrorAction Stop
        $own.VpcId | Should -Be $vpcId
        $own.RoleArn | Should -Be $foreignRole.Arn
        $own.Nodegroups.DesiredSize | Should -Be 1
        $own.Nodegroups.SubnetIds | Sort-Object | Should -Be (@($a, $b) | Sort-Object)
        $after = Get-Inventory -Cluster own
        $after.Vpcs + $after.Subnets + $after.NatGateways + $after.InternetGateways + $after.RouteTables | Should -Be 0 -Because 'with -SubnetId no network is created'
        $after.Roles | Should -Be 1 -Because 'only the node role was created'

        Remove-EksCluster -Name own -Confirm:$false -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -BeLike "*VPC $vpcId does not carry*leaves it alone*"
        ($warnings -join "`n") | Should -BeLike "*IAM role EksSso-own-ClusterRole does not carry*"
        (Invoke-Aws ec2 describe-vpcs --vpc-ids $vpcId).Vpcs | Should -HaveCount 1
        (Invoke-Aws ec2 describe-subnets --subnet-ids $a $b).Subnets | Should -HaveCount 2
        (Invoke-Aws iam get-role --role-name EksSso-own-ClusterRole).Role.Arn | Should -Be $foreignRole.Arn
        Get-EksCluster -Name own -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-Inventory -Cluster own).Roles | Should -Be 0

        Clear-SandboxRequestLog
        Remove-EksCluster -Name resume -Confirm:$false -ErrorAction Stop
        $inventory = Get-Inventory -Cluster resume
        foreach ($k in $script:Full.Keys) { $inventory[$k] | Should -Be 0 -Because "$k of cluster resume are deleted" }
        $deletes = @(Get-SandboxRequestLog -Mutating | Where-Object Status -EQ 200 | ForEach-Object Operation)
        ($deletes | Where-Object { $_ -like 'Delete*' -or $_ -eq 'ReleaseAddress' }).Count | Should -Be 14 -Because "nodegroup, cluster, 2 roles, NAT, EIP, 2 route tables, IGW, 4 subnets, VPC ($($deletes -join ' '))"
        $deletes.IndexOf('DeleteNatGateway') | Should -BeLessThan $deletes.IndexOf('ReleaseAddress')
        $deletes.IndexOf('DetachInternetGateway') | Should -BeLessThan $deletes.IndexOf('DeleteInternetGateway')
        $deletes.IndexOf('DeleteVpc') | Should -Be ($deletes.Count - 1)
        (Get-Inventory -Cluster demo).Clusters | Should -Be 1 -Because 'another cluster is untouched'
        (Get-Inventory -Cluster demo).Vpcs | Should -Be 1

        # Nothing left: a re-run says so.
        Remove-EksCluster -Name resume -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable gone
        $gone[0].FullyQualifiedErrorId | Should -Be 'ClusterNotFound,EksSso.Commands.Clusters.RemoveEksClusterCommand'
    }

    It 'continues a removal that was interrupted' {
        Set-SandboxFault -Service ec2 -Operation DeleteVpc -ErrorRate 1
        try { { Remove-EksCluster -Name nowait -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InternalFailure,*' }
        finally { Clear-SandboxFault }
        $mid = Get-Inventory -Cluster nowait
        $mid.Clusters + $mid.Subnets + $mid.Roles | Should -Be 0
        $mid.Vpcs | Should -Be 1
        Remove-EksCluster -Name nowait -Confirm:$false -ErrorAction Stop
        (Get-Inventory -Cluster nowait).Vpcs | Should -Be 0
    }
}

Describe 'New-EksCluster in a member account through 15-minute chained sessions' {
    It 'creates the cluster as a role of the member account, chained through 15-minute sessions, with no expiry failure' {
        $null = New-EksSsoOrganization
        $member = (New-EksSsoMemberAccount -Name EKS-Account -Email 'eks-account@example.com' -ErrorAction Stop).AccountId
        $accessRole = "arn:aws:iam::${member}:role/OrganizationAccountAccessRole"
        $assumed = Invoke-Aws sts assume-role --role-arn $accessRole --role-session-name setup
        $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = $accessRole }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
        $builderArn = (Invoke-Aws -As $assumed.Credentials iam create-role --role-name ClusterBuilder --assume-role-policy-document $trust).Role.Arn
        $null = Invoke-Aws -As $assumed.Credentials iam attach-role-policy --role-name ClusterBuilder --policy-arn arn:aws:iam::aws:policy/AdministratorAccess

        # 15-minute sessions (the shortest STS issues) in sandbox time, renewed by the contexts before they expire.
        $null = Invoke-SandboxControl -Path session-duration -Method POST -Body @{ simulatedSeconds = 900 }
        try {
            Clear-SandboxRequestLog
            $cluster = Use-EksSsoContext -AccountId $member { Use-EksSsoContext -RoleArn $builderArn { New-EksCluster -Name chained -ErrorAction Stop } }
        }
        finally { $null = Invoke-SandboxControl -Path session-duration -Method POST -Body @{ seconds = $null } }
        $cluster.Arn | Should -Be "arn:aws:eks:us-east-1:${member}:cluster/chained"
        $cluster.Status | Should -Be 'ACTIVE'
        $cluster.Nodegroups.Status | Should -Be 'ACTIVE'
        $log = @(Get-SandboxRequestLog)
        @($log | Where-Object { $_.ErrorCode -like 'ExpiredToken*' }) | Should -BeNullOrEmpty
        # The creation (cluster, NAT, nodegroup: more than 15 minutes of sandbox time) outlives the sessions, so the chain
        # renewed itself: more than one session per context, and no call failed on expiry.
        @($log | Where-Object { $_.Operation -eq 'AssumeRole' -and $_.Status -eq 200 }).Count | Should -BeGreaterThan 2
        @($log | Where-Object { $_.ErrorCode -in 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException' }) | Should -BeNullOrEmpty
        ($log | Where-Object Operation -EQ 'CreateCluster').Caller | Should -BeLike "arn:aws:sts::${member}:assumed-role/ClusterBuilder/*"
        $inventory = Get-Inventory -Cluster chained -AccountId $member
        foreach ($k in $script:Full.Keys) { $inventory[$k] | Should -Be $script:Full[$k] -Because $k }
        (Get-Inventory -Cluster chained).Clusters | Should -Be 0 -Because 'nothing was created in the management account'
    }
}
