# The sandbox's EC2 (the network an EKS cluster needs) and EKS, driven by the real AWS CLI v2 (/usr/bin/aws 2.9.19).
#
# EKS access entries are too new for CLI 2.9.19, which has none of these commands, so they are not driven here (the
# module's own tests cover them through the SDK):
#   eks create-access-entry, describe-access-entry, list-access-entries, delete-access-entry,
#   eks associate-access-policy, disassociate-access-policy, list-associated-access-policies, list-access-policies
# Every ec2 and other eks command the brief lists exists in 2.9.19.
#
# Arguments with commas are quoted: unquoted, PowerShell would pass a,b as two arguments.
BeforeAll {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    Import-Module $modulePath -Force
    Import-Module (Join-Path $PSScriptRoot 'AwsCliHelpers.psm1') -Force

    # A slower clock than the other AwsCli files (0.0005): a cluster takes 12 min on AWS, 7.2 s here, so that
    # describe-cluster can be seen CREATING (a CLI call takes about a second); a nodegroup takes 1.8 s, a NAT
    # gateway 0.6 s, an update 1.2 s, deleting a cluster 3 s. As on AWS, the rest of the network (gateways,
    # routes) is built while the cluster is being created, so the wait costs little.
    $script:Sandbox = Start-EksSsoSandbox -TimeScale 0.01
    Initialize-AwsCli -Endpoint $script:Sandbox.Endpoint
    $script:Mgmt = $script:Sandbox.ManagementAccountId
    $script:Region = $script:Sandbox.Region

    # describe-* of something being deleted: its description while it is there, the error code once it is gone.
    function Get-GoneCode {
        $r = Invoke-AwsCli -Arguments @($args)
        if ($r.ExitCode -eq 0) { return ($r.Stdout | ConvertFrom-Json -Depth 20) }
        if ($r.Stderr -match 'An error occurred \(([^)]+)\)') { return $Matches[1] }
        throw $r.Stderr
    }
}

AfterAll {
    Stop-EksSsoSandbox -Sandbox $script:Sandbox -Remove
}

Describe 'ec2 through the AWS CLI: VPC, subnets, security group' {
    It 'describes the availability zones of the region' {
        $zones = @((Invoke-Aws ec2 describe-availability-zones).AvailabilityZones)
        $zones.Count | Should -BeGreaterOrEqual 2
        foreach ($z in $zones) {
            $z.RegionName | Should -Be $script:Region
            $z.State | Should -Be 'available'
            $z.ZoneName | Should -MatchExactly "^$($script:Region)[a-z]$"
            $z.ZoneId | Should -Not -BeNullOrEmpty
        }
        ($zones.ZoneName | Select-Object -Unique).Count | Should -Be $zones.Count
        $script:Zones = @($zones.ZoneName | Sort-Object | Select-Object -First 2)
    }

    It 'creates a tagged VPC; describe-vpcs --filters finds it by id and by tag' {
        $vpc = (Invoke-Aws ec2 create-vpc --cidr-block 10.20.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=cli-vpc}]').Vpc
        $vpc.VpcId | Should -MatchExactly '^vpc-[0-9a-f]{17}$'
        $vpc.CidrBlock | Should -Be '10.20.0.0/16'
        $vpc.State | Should -Be 'pending'
        $vpc.OwnerId | Should -Be $script:Mgmt
        ($vpc.Tags | Where-Object Key -EQ 'Name').Value | Should -Be 'cli-vpc'
        $script:Vpc = $vpc.VpcId

        $byId, $byTag, $none = Invoke-AwsParallel @('ec2', 'describe-vpcs', '--filters', "Name=vpc-id,Values=$($script:Vpc)") `
            @('ec2', 'describe-vpcs', '--filters', 'Name=tag:Name,Values=cli-vpc') `
            @('ec2', 'describe-vpcs', '--filters', 'Name=tag:Name,Values=no-such-vpc')
        @($byId.Vpcs).Count | Should -Be 1
        $byId.Vpcs[0].VpcId | Should -Be $script:Vpc
        $byId.Vpcs[0].State | Should -Be 'available'
        $byId.Vpcs[0].CidrBlock | Should -Be '10.20.0.0/16'
        @($byTag.Vpcs).Count | Should -Be 1
        $byTag.Vpcs[0].VpcId | Should -Be $script:Vpc
        @($none.Vpcs).Count | Should -Be 0
    }

    It 'creates subnets in two zones and tags them; describe-subnets finds them by VPC and by tag' {
        $a, $b = Invoke-AwsParallel @('ec2', 'create-subnet', '--vpc-id', $script:Vpc, '--cidr-block', '10.20.0.0/24', '--availability-zone', $script:Zones[0]) `
            @('ec2', 'create-subnet', '--vpc-id', $script:Vpc, '--cidr-block', '10.20.1.0/24', '--availability-zone', $script:Zones[1])
        foreach ($s in $a.Subnet, $b.Subnet) {
            $s.SubnetId | Should -MatchExactly '^subnet-[0-9a-f]{17}$'
            $s.VpcId | Should -Be $script:Vpc
            $s.AvailableIpAddressCount | Should -Be 251 -Because 'AWS reserves 5 addresses of a /24'
        }
        $a.Subnet.AvailabilityZone | Should -Be $script:Zones[0]
        $b.Subnet.AvailabilityZone | Should -Be $script:Zones[1]
        $a.Subnet.CidrBlock | Should -Be '10.20.0.0/24'
        $b.Subnet.CidrBlock | Should -Be '10.20.1.0/24'
        $script:Subnets = @($a.Subnet.SubnetId, $b.Subnet.SubnetId)

        Invoke-Aws ec2 create-tags --resources $script:Subnets[0] $script:Subnets[1] --tags 'Key=kubernetes.io/role/elb,Value=1' 'Key=team,Value=platform' |
            Should -BeNullOrEmpty

        $inVpc, $tagged = Invoke-AwsParallel @('ec2', 'describe-subnets', '--filters', "Name=vpc-id,Values=$($script:Vpc)") `
            @('ec2', 'describe-subnets', '--filters', 'Name=tag:kubernetes.io/role/elb,Values=1')
        ($inVpc.Subnets.SubnetId | Sort-Object) | Should -Be ($script:Subnets | Sort-Object)
        ($inVpc.Subnets.AvailabilityZone | Sort-Object) | Should -Be $script:Zones
        ($tagged.Subnets.SubnetId | Sort-Object) | Should -Be ($script:Subnets | Sort-Object)
        foreach ($s in $tagged.Subnets) {
            ($s.Tags | Where-Object Key -EQ 'team').Value | Should -Be 'platform'
            $s.State | Should -Be 'available'
        }
    }

    It 'refuses delete-vpc with DependencyViolation while subnets exist' {
        Invoke-AwsError ec2 delete-vpc --vpc-id $script:Vpc | Should -Be 'DependencyViolation'
        $vpcs, $subnets = Invoke-AwsParallel @('ec2', 'describe-vpcs', '--vpc-ids', $script:Vpc) @('ec2', 'describe-subnets', '--subnet-ids', $script:Subnets[0], $script:Subnets[1])
        @($vpcs.Vpcs).Count | Should -Be 1 -Because 'the VPC is still there'
        @($subnets.Subnets).Count | Should -Be 2
    }

    It 'creates a security group; describe-security-groups finds it by id and by VPC' {
        $sg = Invoke-Aws ec2 create-security-group --group-name cli-eks-control-plane --description 'cli-eks-control-plane' --vpc-id $script:Vpc
        $sg.GroupId | Should -MatchExactly '^sg-[0-9a-f]{17}$'
        $script:SecurityGroup = $sg.GroupId

        $byId, $inVpc = Invoke-AwsParallel @('ec2', 'describe-security-groups', '--group-ids', $script:SecurityGroup) `
            @('ec2', 'describe-security-groups', '--filters', "Name=vpc-id,Values=$($script:Vpc)")
        @($byId.SecurityGroups).Count | Should -Be 1
        $byId.SecurityGroups[0].GroupName | Should -Be 'cli-eks-control-plane'
        $byId.SecurityGroups[0].Description | Should -Be 'cli-eks-control-plane'
        $byId.SecurityGroups[0].VpcId | Should -Be $script:Vpc
        $byId.SecurityGroups[0].OwnerId | Should -Be $script:Mgmt
        ($byId.SecurityGroups[0].IpPermissionsEgress | Where-Object IpProtocol -EQ '-1').IpRanges.CidrIp | Should -Be '0.0.0.0/0'
        ($inVpc.SecurityGroups.GroupName | Sort-Object) | Should -Be @('cli-eks-control-plane', 'default')
    }

    It 'keeps spaces in a security group description (the CLI form-encodes a space as "+")' {
        $sg = Invoke-Aws ec2 create-security-group --group-name cli-spaces --description 'EKS control plane' --vpc-id $script:Vpc
        ((Invoke-Aws ec2 describe-security-groups --group-ids $sg.GroupId).SecurityGroups)[0].Description | Should -BeExactly 'EKS control plane'
    }
}

Describe 'eks through the AWS CLI: a cluster starts' {
    BeforeAll {
        $eksTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'
        $ec2Trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
        $clusterRole, $nodeRole = Invoke-AwsParallel @('iam', 'create-role', '--role-name', 'cli-eks-cluster', '--assume-role-policy-document', $eksTrust) `
            @('iam', 'create-role', '--role-name', 'cli-eks-node', '--assume-role-policy-document', $ec2Trust)
        $null = Invoke-AwsParallel @('iam', 'attach-role-policy', '--role-name', 'cli-eks-cluster', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy') `
            @('iam', 'attach-role-policy', '--role-name', 'cli-eks-node', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy')
        $script:ClusterRole = $clusterRole.Role.Arn
        $script:NodeRole = $nodeRole.Role.Arn
        $script:ClusterArn = "arn:aws:eks:$($script:Region):$($script:Mgmt):cluster/cli-cluster"
    }

    It 'creates a cluster in the two subnets: create-cluster and describe-cluster say CREATING, list-clusters lists it' {
        $created = (Invoke-Aws eks create-cluster --name cli-cluster --role-arn $script:ClusterRole `
                --resources-vpc-config "subnetIds=$($script:Subnets -join ','),securityGroupIds=$($script:SecurityGroup)").cluster
        $created.name | Should -Be 'cli-cluster'
        $created.arn | Should -Be $script:ClusterArn
        $created.status | Should -Be 'CREATING'
        $created.roleArn | Should -Be $script:ClusterRole
        $created.PSObject.Properties['endpoint'] | Should -BeNullOrEmpty

        $creating, $listed = Invoke-AwsParallel @('eks', 'describe-cluster', '--name', 'cli-cluster') @('eks', 'list-clusters')
        $creating.cluster.status | Should -Be 'CREATING' -Because 'the cluster takes 7.2 s at this time scale'
        $creating.cluster.PSObject.Properties['endpoint'] | Should -BeNullOrEmpty
        $creating.cluster.certificateAuthority.PSObject.Properties['data'] | Should -BeNullOrEmpty
        @($listed.clusters) | Should -Be @('cli-cluster')
    }
}

Describe 'ec2 through the AWS CLI: gateways and routes (while the cluster is being created)' {
    It 'attaches an internet gateway, allocates an address, and brings a NAT gateway from pending to available' {
        $igw, $eip = Invoke-AwsParallel @('ec2', 'create-internet-gateway') @('ec2', 'allocate-address', '--domain', 'vpc')
        $igw.InternetGateway.InternetGatewayId | Should -MatchExactly '^igw-[0-9a-f]{17}$'
        @($igw.InternetGateway.Attachments).Count | Should -Be 0
        $eip.AllocationId | Should -MatchExactly '^eipalloc-[0-9a-f]{17}$'
        $eip.PublicIp | Should -MatchExactly '^\d{1,3}(\.\d{1,3}){3}$'
        $eip.Domain | Should -Be 'vpc'
        $script:Igw = $igw.InternetGateway.InternetGatewayId

        Invoke-Aws ec2 attach-internet-gateway --internet-gateway-id $script:Igw --vpc-id $script:Vpc | Should -BeNullOrEmpty

        $created, $igws = Invoke-AwsParallel @('ec2', 'create-nat-gateway', '--subnet-id', $script:Subnets[0], '--allocation-id', $eip.AllocationId) `
            @('ec2', 'describe-internet-gateways', '--internet-gateway-ids', $script:Igw)
        $attachment = @($igws.InternetGateways[0].Attachments)
        $attachment.Count | Should -Be 1
        $attachment[0].VpcId | Should -Be $script:Vpc
        $attachment[0].State | Should -Be 'available' -Because 'EC2 reports an attached internet gateway as "available"'
        $nat = $created.NatGateway
        $nat.NatGatewayId | Should -MatchExactly '^nat-[0-9a-f]{17}$'
        $nat.State | Should -Be 'pending'
        $nat.SubnetId | Should -Be $script:Subnets[0]
        $nat.VpcId | Should -Be $script:Vpc
        $script:Nat = $nat.NatGatewayId

        $ready = Wait-AwsState -Because 'the NAT gateway to be available' -Poll {
            @((Invoke-Aws ec2 describe-nat-gateways --nat-gateway-ids $script:Nat).NatGateways)[0]
        } -Until { $_.State -ne 'pending' }
        $ready.State | Should -Be 'available'
        $ready.NatGatewayId | Should -Be $script:Nat
        $ready.NatGatewayAddresses[0].AllocationId | Should -Be $eip.AllocationId
        $ready.NatGatewayAddresses[0].PublicIp | Should -Be $eip.PublicIp
        $ready.NatGatewayAddresses[0].PrivateIp | Should -Match '^10\.20\.0\.\d+$'
    }

    It 'creates a public and a private route table with default routes and associates them with the subnets' {
        $public, $private = Invoke-AwsParallel @('ec2', 'create-route-table', '--vpc-id', $script:Vpc) @('ec2', 'create-route-table', '--vpc-id', $script:Vpc)
        foreach ($t in $public.RouteTable, $private.RouteTable) {
            $t.RouteTableId | Should -MatchExactly '^rtb-[0-9a-f]{17}$'
            $t.VpcId | Should -Be $script:Vpc
            @($t.Routes).Count | Should -Be 1
            $t.Routes[0].DestinationCidrBlock | Should -Be '10.20.0.0/16'
            $t.Routes[0].GatewayId | Should -Be 'local'
        }
        $publicId = $public.RouteTable.RouteTableId
        $privateId = $private.RouteTable.RouteTableId

        $r1, $r2, $a1, $a2 = Invoke-AwsParallel `
            @('ec2', 'create-route', '--route-table-id', $publicId, '--destination-cidr-block', '0.0.0.0/0', '--gateway-id', $script:Igw) `
            @('ec2', 'create-route', '--route-table-id', $privateId, '--destination-cidr-block', '0.0.0.0/0', '--nat-gateway-id', $script:Nat) `
            @('ec2', 'associate-route-table', '--route-table-id', $publicId, '--subnet-id', $script:Subnets[0]) `
            @('ec2', 'associate-route-table', '--route-table-id', $privateId, '--subnet-id', $script:Subnets[1])
        $r1.Return | Should -BeTrue
        $r2.Return | Should -BeTrue
        $a1.AssociationId | Should -MatchExactly '^rtbassoc-[0-9a-f]{17}$'
        $a1.AssociationState.State | Should -Be 'associated'
        $a2.AssociationId | Should -MatchExactly '^rtbassoc-[0-9a-f]{17}$'

        $described, $natSubnet = Invoke-AwsParallel @('ec2', 'describe-route-tables', '--route-table-ids', $publicId, $privateId) `
            @('ec2', 'describe-subnets', '--subnet-ids', $script:Subnets[0])
        $natSubnet.Subnets[0].AvailableIpAddressCount | Should -Be 250 -Because "the NAT gateway's network interface takes an address"
        $tables = $described.RouteTables
        $pub = $tables | Where-Object RouteTableId -EQ $publicId
        $priv = $tables | Where-Object RouteTableId -EQ $privateId
        ($pub.Routes | Where-Object DestinationCidrBlock -EQ '0.0.0.0/0').GatewayId | Should -Be $script:Igw
        ($priv.Routes | Where-Object DestinationCidrBlock -EQ '0.0.0.0/0').NatGatewayId | Should -Be $script:Nat
        ($pub.Associations | Where-Object SubnetId).SubnetId | Should -Be $script:Subnets[0]
        ($priv.Associations | Where-Object SubnetId).SubnetId | Should -Be $script:Subnets[1]
    }
}

Describe 'eks through the AWS CLI: the cluster, its update and nodegroup, deletion' {
    It 'brings the cluster to ACTIVE, with its endpoint and certificate authority' {
        $active = Wait-AwsState -TimeoutSeconds 20 -IntervalMilliseconds 500 -Because 'the cluster to be ACTIVE' -Poll {
            (Invoke-Aws eks describe-cluster --name cli-cluster).cluster
        } -Until { $_.status -ne 'CREATING' }
        $active.status | Should -Be 'ACTIVE'
        $active.arn | Should -Be $script:ClusterArn
        $active.endpoint | Should -MatchExactly '^https://\S+$'
        $pem = [Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($active.certificateAuthority.data))
        $pem | Should -Match '^-----BEGIN CERTIFICATE-----'
        ($active.resourcesVpcConfig.subnetIds | Sort-Object) | Should -Be ($script:Subnets | Sort-Object)
        $active.resourcesVpcConfig.securityGroupIds | Should -Be @($script:SecurityGroup)
        $active.resourcesVpcConfig.vpcId | Should -Be $script:Vpc
        $active.resourcesVpcConfig.clusterSecurityGroupId | Should -MatchExactly '^sg-[0-9a-f]{17}$'
        $active.version | Should -MatchExactly '^1\.\d+$'
        $active.identity.oidc.issuer | Should -Match "^https://oidc\.eks\.$($script:Region)\.amazonaws\.com/id/[0-9A-F]{32}$"
    }

    It 'updates the cluster logging and follows the update with describe-update' {
        $update = (Invoke-Aws eks update-cluster-config --name cli-cluster --logging '{"clusterLogging":[{"types":["api","audit"],"enabled":true}]}').update
        $update.id | Should -MatchExactly '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        $update.type | Should -Be 'LoggingUpdate'
        $update.status | Should -Be 'InProgress'
        $update.params[0].type | Should -Be 'ClusterLogging'

        $done = Wait-AwsState -Because 'the update to finish' -Poll {
            (Invoke-Aws eks describe-update --name cli-cluster --update-id $update.id).update
        } -Until { $_.status -ne 'InProgress' }
        $done.status | Should -Be 'Successful'
        $done.id | Should -Be $update.id
        @($done.errors).Count | Should -Be 0

        $cluster = (Invoke-Aws eks describe-cluster --name cli-cluster).cluster
        $cluster.status | Should -Be 'ACTIVE'
        $enabled = $cluster.logging.clusterLogging | Where-Object enabled
        ($enabled.types | Sort-Object) | Should -Be @('api', 'audit')
    }

    It 'creates a managed nodegroup: CREATING, then ACTIVE; list-nodegroups lists it' {
        $created = (Invoke-Aws eks create-nodegroup --cluster-name cli-cluster --nodegroup-name cli-ng --node-role $script:NodeRole `
                --subnets $script:Subnets[0] $script:Subnets[1] --scaling-config 'minSize=1,maxSize=3,desiredSize=2' --instance-types t3.medium).nodegroup
        $created.nodegroupName | Should -Be 'cli-ng'
        $created.clusterName | Should -Be 'cli-cluster'
        $created.status | Should -Be 'CREATING'
        $created.nodegroupArn | Should -MatchExactly "^arn:aws:eks:$($script:Region):$($script:Mgmt):nodegroup/cli-cluster/cli-ng/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

        $active = Wait-AwsState -Because 'the nodegroup to be ACTIVE' -Poll {
            (Invoke-Aws eks describe-nodegroup --cluster-name cli-cluster --nodegroup-name cli-ng).nodegroup
        } -Until { $_.status -ne 'CREATING' }
        $active.status | Should -Be 'ACTIVE'
        $active.nodegroupArn | Should -Be $created.nodegroupArn
        $active.nodeRole | Should -Be $script:NodeRole
        $active.scalingConfig.minSize | Should -Be 1
        $active.scalingConfig.maxSize | Should -Be 3
        $active.scalingConfig.desiredSize | Should -Be 2
        $active.instanceTypes | Should -Be @('t3.medium')
        ($active.subnets | Sort-Object) | Should -Be ($script:Subnets | Sort-Object)

        @((Invoke-Aws eks list-nodegroups --cluster-name cli-cluster).nodegroups) | Should -Be @('cli-ng')
    }

    It 'deletes the nodegroup, then the cluster' {
        Invoke-AwsError eks delete-cluster --name cli-cluster | Should -Be 'ResourceInUseException' -Because 'the cluster still has a nodegroup'

        (Invoke-Aws eks delete-nodegroup --cluster-name cli-cluster --nodegroup-name cli-ng).nodegroup.status | Should -Be 'DELETING'
        Wait-AwsState -Because 'the nodegroup to be gone' -Poll { Get-GoneCode eks describe-nodegroup --cluster-name cli-cluster --nodegroup-name cli-ng } `
            -Until { $_ -eq 'ResourceNotFoundException' } | Should -Be 'ResourceNotFoundException'
        $nodegroups, $deleted = Invoke-AwsParallel @('eks', 'list-nodegroups', '--cluster-name', 'cli-cluster') @('eks', 'delete-cluster', '--name', 'cli-cluster')
        @($nodegroups.nodegroups).Count | Should -Be 0
        $deleting = $deleted.cluster
        $deleting.status | Should -Be 'DELETING'
        $deleting.arn | Should -Be $script:ClusterArn
        Wait-AwsState -TimeoutSeconds 15 -IntervalMilliseconds 300 -Because 'the cluster to be gone' -Poll { Get-GoneCode eks describe-cluster --name cli-cluster } `
            -Until { $_ -eq 'ResourceNotFoundException' } | Should -Be 'ResourceNotFoundException'
        @((Invoke-Aws eks list-clusters).clusters).Count | Should -Be 0
    }
}
