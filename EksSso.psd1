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
    FormatsToProcess     = @('EksSso.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-EksSsoCallerIdentity'
        'Get-EksSsoOrganization'
        'Start-EksSsoSandbox'
        'Stop-EksSsoSandbox'
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
