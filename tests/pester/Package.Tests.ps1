BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    . (Join-Path $script:Root 'tools/PwshProcess.ps1')
}

Describe 'build.ps1 Package' {
    It 'writes a nupkg that Install-PSResource installs from a local repository and that then imports by name' {
        $packages = Join-Path $script:Root 'out/packages'
        Invoke-FreshPwsh -Command "& '$script:Root/build.ps1' Package -NoBuild" | Out-Null
        $LASTEXITCODE | Should -Be 0
        $nupkg = @(Get-ChildItem $packages -Filter 'EksSso.*.nupkg')
        $nupkg.Count | Should -Be 1
        $version = (Import-PowerShellDataFile (Join-Path $script:Root 'out/EksSso/EksSso.psd1')).ModuleVersion
        $nupkg[0].Name | Should -Be "EksSso.$version.nupkg"

        # Install into a throw-away home so the real user module path is untouched.
        $home2 = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory $home2 | Out-Null
        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath
        $env:HOME = $home2; $env:XDG_DATA_HOME = "$home2/.local/share"; $env:XDG_CONFIG_HOME = "$home2/.config"; $env:PSModulePath = $null
        try {
            $result = Invoke-FreshPwsh -Command @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name EksSsoLocal -Uri '$packages' -Trusted -Force
Install-PSResource -Name EksSso -Repository EksSsoLocal -Scope CurrentUser -TrustRepository -Quiet
`$installed = Get-InstalledPSResource -Name EksSso -Scope CurrentUser
Import-Module EksSso
"installed=`$(`$installed.Version);path=`$((Get-Module EksSso).ModuleBase);cmdlets=`$((Get-Command -Module EksSso).Count)"
"@
        }
        finally {
            $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath = $saved
        }
        $line = @($result)[-1]
        $line | Should -Match "installed=$([regex]::Escape($version))"
        $line | Should -Match ([regex]::Escape($home2))
        $line | Should -Match 'cmdlets=[1-9]'
        Test-Path (Join-Path $home2 '.local/share/powershell/Modules/EksSso') | Should -BeTrue
    }
}
