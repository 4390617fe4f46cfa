# An EKS cluster with a two-node managed nodegroup in a sandbox, made with the real AWS CLI as eksctl would lay it out
# (two AZs): for the Pester files that need a cluster before New-EksCluster is what they test. Needs AwsCliHelpers.psm1
# initialised (Initialize-AwsCli) against the sandbox; the caller (the sandbox admin) is the cluster creator.
Set-StrictMode -Version Latest

function New-SandboxEksCluster {
    param([Parameter(Mandatory)] [string] $Name, [string] $NodeRolePath = '/')
    $eksTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $nodeTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $clusterRole = (Invoke-Aws iam create-role --role-name "$Name-cluster" --assume-role-policy-document $eksTrust).Role.Arn
    $nodeRole = (Invoke-Aws iam create-role --role-name "$Name-node" --path $NodeRolePath --assume-role-policy-document $nodeTrust).Role.Arn
    $vpc = (Invoke-Aws ec2 create-vpc --cidr-block 192.168.0.0/16).Vpc.VpcId
    $zones = @((Invoke-Aws ec2 describe-availability-zones).AvailabilityZones.ZoneName | Sort-Object | Select-Object -First 2)
    $subnets = @(
        (Invoke-Aws ec2 create-subnet --vpc-id $vpc --cidr-block 192.168.0.0/19 --availability-zone $zones[0]).Subnet.SubnetId
        (Invoke-Aws ec2 create-subnet --vpc-id $vpc --cidr-block 192.168.32.0/19 --availability-zone $zones[1]).Subnet.SubnetId
    )
    $null = Invoke-Aws eks create-cluster --name $Name --role-arn $clusterRole --resources-vpc-config "subnetIds=$($subnets -join ',')"
    $null = Wait-AwsState { (Invoke-Aws eks describe-cluster --name $Name).cluster.status } { $_ -eq 'ACTIVE' } -TimeoutSeconds 60
    $null = Invoke-Aws eks create-nodegroup --cluster-name $Name --nodegroup-name ng-1 --node-role $nodeRole --subnets @subnets --scaling-config 'minSize=2,maxSize=2,desiredSize=2'
    $null = Wait-AwsState { (Invoke-Aws eks describe-nodegroup --cluster-name $Name --nodegroup-name ng-1).nodegroup.status } { $_ -eq 'ACTIVE' } -TimeoutSeconds 60
    [pscustomobject]@{
        Cluster     = (Invoke-Aws eks describe-cluster --name $Name).cluster
        ClusterRole = $clusterRole
        NodeRoleArn = $nodeRole
        SubnetIds   = $subnets
    }
}

function Invoke-SandboxKube {
    # A cluster's Kubernetes API as the current identity (or as -RoleArn, through Use-EksSsoContext): the parsed reply,
    # or the HTTP status code on failure.
    param(
        [Parameter(Mandatory)] [string] $ClusterName,
        [Parameter(Mandatory)] [string] $Endpoint,
        [string] $Path = '/api/v1/namespaces/kube-system/configmaps/aws-auth',
        [string] $Method = 'GET',
        $Body,
        [string] $RoleArn
    )
    $token = if ($RoleArn) { Use-EksSsoContext -RoleArn $RoleArn { Get-EksToken -ClusterName $ClusterName } } else { Get-EksToken -ClusterName $ClusterName }
    $params = @{ SkipCertificateCheck = $true; Method = $Method; Uri = "$Endpoint$Path"; Headers = @{ Authorization = "Bearer $($token.Token)" } }
    if ($Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10); $params.ContentType = 'application/json' }
    try { Invoke-RestMethod @params } catch { [int]$_.Exception.Response.StatusCode }
}

Export-ModuleMember -Function New-SandboxEksCluster, Invoke-SandboxKube
