@{
    RootModule           = 'EksSso.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c7f4e-9a43-4d7e-8f7c-2f3b1a6c9e21'
    Author               = 'EksSso contributors'
    CompanyName          = 'EksSso'
    Copyright            = '(c) EksSso contributors. All rights reserved.'
    Description          = 'Single sign-on access to Amazon EKS through AWS IAM Identity Center: Organizations, Identity Center, SSO profiles, role-chaining contexts, EKS clusters, access entries and aws-auth, kubeconfig and tokens, as typed cmdlets.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('EksSso.Format.ps1xml', 'EksSso.Organizations.Format.ps1xml', 'EksSso.IdentityCenter.Format.ps1xml', 'EksSso.PermissionSets.Format.ps1xml', 'EksSso.Profiles.Format.ps1xml', 'EksSso.Login.Format.ps1xml', 'EksSso.Clusters.Format.ps1xml', 'EksSso.Tokens.Format.ps1xml', 'EksSso.Access.Format.ps1xml', 'EksSso.Kubernetes.Format.ps1xml', 'EksSso.IdentityMapping.Format.ps1xml')
    CmdletsToExport      = @(
        'Add-EksAccessEntry'
        'Get-EksAccessEntry'
        'Remove-EksAccessEntry'
        'Get-EksCluster'
        'New-EksCluster'
        'Remove-EksCluster'
        'Test-EksClusterAccess'
        'New-EksClusterCreatorRole'
        'Add-EksIdentityMapping'
        'Convert-EksIdentityMapping'
        'Get-EksIdentityMapping'
        'Remove-EksIdentityMapping'
        'Restore-EksIdentityMapping'
        'Update-EksKubeconfig'
        'Grant-EksNamespaceAccess'
        'Get-EksNode'
        'Connect-EksSso'
        'Disconnect-EksSso'
        'Get-EksSsoAccountAssignment'
        'Grant-EksSsoAccountAssignment'
        'Revoke-EksSsoAccountAssignment'
        'Get-EksSsoCallerIdentity'
        'Get-EksSsoContext'
        'Use-EksSsoContext'
        'Get-EksSsoGroup'
        'New-EksSsoGroup'
        'Add-EksSsoGroupMember'
        'Remove-EksSsoGroupMember'
        'Get-EksSsoInstance'
        'Get-EksSsoMemberAccount'
        'New-EksSsoMemberAccount'
        'Wait-EksSsoMemberAccount'
        'Get-EksSsoOrganization'
        'New-EksSsoOrganization'
        'Get-EksSsoPermissionSet'
        'New-EksSsoPermissionSet'
        'Get-EksSsoProfile'
        'New-EksSsoProfile'
        'Get-EksSsoRole'
        'Start-EksSsoSandbox'
        'Stop-EksSsoSandbox'
        'Get-EksSsoUser'
        'New-EksSsoUser'
        'Get-EksToken'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'EKS', 'SSO', 'IdentityCenter', 'Kubernetes', 'Linux', 'Windows')
            ProjectUri   = 'https://example.invalid/EksSso'
            ReleaseNotes = 'Foundation: protocol core, context resolution, Get-EksSsoCallerIdentity, Get-EksSsoOrganization.'
        }
    }
}
