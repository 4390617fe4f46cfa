#Requires -Version 7.0
<#
    Help tests (Pester 5).

    'EksSso help' imports the built module (EKSSSO_MODULE_PATH, or out/EksSso beside the repository root) and
    checks what Get-Help shows for every exported cmdlet and for about_EksSso: a failure means a docs/en-US page
    is missing, stale, or was not built into the module's en-US folder by tools/Build-Help.ps1.

    'Build-Help.ps1' tests the help builder itself on markdown written to TestDrive; it needs no built module.
#>

BeforeDiscovery {
    $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
    $moduleImportError = $null
    $cmdletCases = @()
    try {
        $module = Import-Module -Name $modulePath -Force -PassThru -ErrorAction Stop | Where-Object Name -EQ 'EksSso' | Select-Object -First 1
        if ($null -eq $module) { $module = Get-Module -Name EksSso }
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $cmdletCases = @(
            foreach ($name in ($module.ExportedCmdlets.Keys | Sort-Object)) {
                $command = Get-Command -Name $name -CommandType Cmdlet
                @{
                    Name       = $name
                    Parameters = @($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object | ForEach-Object { @{ Parameter = $_ } })
                }
            }
        )
    }
    catch {
        $moduleImportError = $_.Exception.Message
    }
}

Describe 'EksSso help' -Tag 'Help' {
    BeforeAll {
        $modulePath = if ($env:EKSSSO_MODULE_PATH) { $env:EKSSSO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/EksSso' }
        Import-Module -Name $modulePath -Force -ErrorAction Stop
    }

    It 'imports the module and exports cmdlets' -TestCases @(@{ ImportError = $moduleImportError; Count = $cmdletCases.Count }) {
        $ImportError | Should -BeNullOrEmpty -Because 'the module must be built (dotnet pwsh ./build.ps1 Build) or EKSSSO_MODULE_PATH set'
        $Count | Should -BeGreaterThan 0
    }

    Context '<Name>' -ForEach $cmdletCases {
        BeforeAll {
            $help = Get-Help -Name $Name -Full -Category Cmdlet
            $command = Get-Command -Name $Name -CommandType Cmdlet
            $autoSyntax = @((Get-Command -Name $Name -Syntax) -split "`r?`n" | ForEach-Object Trim | Where-Object { $_ -ne '' })
        }

        It 'has a synopsis of its own, not the generated syntax line' {
            $synopsis = "$($help.Synopsis)".Trim()
            $synopsis | Should -Not -BeNullOrEmpty
            $synopsis | Should -Not -BeIn $autoSyntax
            $synopsis | Should -Not -Be $Name
            $synopsis | Should -Not -Match ('^' + [regex]::Escape($Name) + '\s+(\[|-|<)') -Because 'a synopsis that starts with the syntax means Get-Help found no MAML help'
        }

        It 'has a description' {
            $text = (@($help.description) | ForEach-Object { $_.Text }) -join "`n"
            $text.Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least one example with code' {
            $examples = @($help.examples.example | Where-Object { $_ -and "$($_.code)".Trim() -ne '' })
            $examples.Count | Should -BeGreaterOrEqual 1
        }

        It 'describes -<Parameter>' -ForEach $Parameters {
            $documented = @($help.parameters.parameter | Where-Object { $_.name -eq $Parameter })
            $documented.Count | Should -Be 1 -Because "-$Parameter of $Name needs a '### -$Parameter' section in docs/en-US/$Name.md"
            $text = (@($documented[0].description) | ForEach-Object { $_.Text }) -join "`n"
            $text.Trim() | Should -Not -BeNullOrEmpty
        }

        It 'documents no parameter that the cmdlet does not have' {
            $stale = @($help.parameters.parameter | ForEach-Object { $_.name } | Where-Object { -not $command.Parameters.ContainsKey($_) })
            $stale | Should -BeNullOrEmpty
        }
    }

    It 'has the about_EksSso topic with its CONTEXT RESOLUTION section' {
        $text = Get-Help -Name about_EksSso -ErrorAction Stop | Out-String
        $text | Should -Match 'about_EksSso'
        $text | Should -Match 'CONTEXT RESOLUTION'
    }
}

Describe 'Build-Help.ps1' -Tag 'Unit' {
    BeforeAll {
        $buildHelp = Join-Path $PSScriptRoot '../../tools/Build-Help.ps1'

        # A complete platyPS-style cmdlet page; -Omit drops one of its parts.
        function New-CmdletPage {
            param(
                [string] $Folder,
                [string] $Name = 'Get-Widget',
                [ValidateSet('', 'Synopsis', 'Description', 'Examples', 'ParameterDescription')]
                [string] $Omit = ''
            )
            $synopsis = if ($Omit -eq 'Synopsis') { '' } else { "## SYNOPSIS`nGets widgets & <gadgets>.`n" }
            $description = if ($Omit -eq 'Description') { '' } else { "## DESCRIPTION`nThe ``$Name`` cmdlet gets widgets.`nIt wraps lines`n`n- keeps item one`n- keeps item two`n" }
            $examples = if ($Omit -eq 'Examples') { '' } else {
                "## EXAMPLES`n`n### Example 1: Get a widget`n``````powershell`n$Name -Name 'a<b>&c'`n```````n`nGets the widget a<b>&c.`n"
            }
            $parameterDescription = if ($Omit -eq 'ParameterDescription') { '' } else { "The name of the widget.`n" }
            $text = @"
---
external help file: EksSso.dll-Help.xml
Module Name: EksSso
online version: https://example.com/help/$Name
schema: 2.0.0
---

# $Name

$synopsis
## SYNTAX

### ByName (Default)
``````
$Name [-Name] <String> [-Force] [<CommonParameters>]
``````

$description
$examples
## PARAMETERS

### -Name
$parameterDescription
``````yaml
Type: String
Parameter Sets: ByName
Aliases: WidgetName

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByValue)
Accept wildcard characters: True
``````

### -Force
Gets hidden widgets too.

``````yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
``````

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
A widget name.

## OUTPUTS

### Widget
The widget.

## NOTES
Needs widget:Get.

## RELATED LINKS

[about_Widgets]()
"@
            $null = New-Item -ItemType Directory -Path $Folder -Force
            $path = Join-Path $Folder "$Name.md"
            Set-Content -LiteralPath $path -Value $text -Encoding utf8NoBOM
            return $path
        }
    }

    It 'throws, naming the file, when a cmdlet page has no EXAMPLES' {
        $source = Join-Path $TestDrive 'no-examples'
        $destination = Join-Path $TestDrive 'no-examples-out'
        $null = New-CmdletPage -Folder $source -Name 'Get-Broken' -Omit Examples
        { & $buildHelp -Source $source -Destination $destination -ModuleName EksSso -CmdletAssemblyName EksSso.dll } |
            Should -Throw -ExpectedMessage '*Get-Broken.md*EXAMPLES*'
        Join-Path $destination 'EksSso.dll-Help.xml' | Should -Not -Exist
    }

    It 'throws, naming the file, when a cmdlet page has no <Omit>' -TestCases @(
        @{ Omit = 'Synopsis'; Expected = '*Get-Broken.md*SYNOPSIS*' }
        @{ Omit = 'Description'; Expected = '*Get-Broken.md*DESCRIPTION*' }
        @{ Omit = 'ParameterDescription'; Expected = '*Get-Broken.md*-Name*no description*' }
    ) {
        $source = Join-Path $TestDrive "no-$Omit"
        $null = New-CmdletPage -Folder $source -Name 'Get-Broken' -Omit $Omit
        { & $buildHelp -Source $source -Destination (Join-Path $TestDrive "no-$Omit-out") } | Should -Throw -ExpectedMessage $Expected
    }

    It 'writes MAML that Get-Help can read, with markup characters escaped' {
        $source = Join-Path $TestDrive 'valid'
        $destination = Join-Path $TestDrive 'valid-out'
        $null = New-CmdletPage -Folder $source
        & $buildHelp -Source $source -Destination $destination -ModuleName EksSso -CmdletAssemblyName EksSso.dll | Out-Null

        $xml = [xml](Get-Content -LiteralPath (Join-Path $destination 'EksSso.dll-Help.xml') -Raw)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')

        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        $command = $xml.SelectSingleNode('/msh:helpItems/command:command', $ns)
        $command.SelectSingleNode('command:details/command:name', $ns).InnerText | Should -Be 'Get-Widget'
        $command.SelectSingleNode('command:details/command:verb', $ns).InnerText | Should -Be 'Get'
        $command.SelectSingleNode('command:details/command:noun', $ns).InnerText | Should -Be 'Widget'
        $command.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText | Should -Be 'Gets widgets & <gadgets>.'
        @($command.SelectNodes('maml:description/maml:para', $ns) | ForEach-Object InnerText) |
            Should -Be @('The `Get-Widget` cmdlet gets widgets. It wraps lines', "- keeps item one`n- keeps item two")

        $syntax = @($command.SelectNodes('command:syntax/command:syntaxItem', $ns))
        $syntax.Count | Should -Be 1
        @($syntax[0].SelectNodes('command:parameter/maml:name', $ns) | ForEach-Object InnerText) | Should -Be @('Name', 'Force')

        $name = $command.SelectSingleNode("command:parameters/command:parameter[maml:name='Name']", $ns)
        $name.GetAttribute('required') | Should -Be 'true'
        $name.GetAttribute('position') | Should -Be '0'
        $name.GetAttribute('pipelineInput') | Should -Be 'True (ByValue)'
        $name.GetAttribute('globbing') | Should -Be 'true'
        $name.GetAttribute('aliases') | Should -Be 'WidgetName'
        $name.SelectSingleNode('command:parameterValue', $ns).InnerText | Should -Be 'String'
        $name.SelectSingleNode('dev:type/maml:name', $ns).InnerText | Should -Be 'String'
        $name.SelectSingleNode('maml:description/maml:para', $ns).InnerText | Should -Be 'The name of the widget.'
        $force = $command.SelectSingleNode("command:parameters/command:parameter[maml:name='Force']", $ns)
        $force.GetAttribute('position') | Should -Be 'named'
        $force.SelectSingleNode('command:parameterValue', $ns) | Should -BeNullOrEmpty -Because 'a switch takes no value'

        $command.SelectSingleNode('command:inputTypes/command:inputType/dev:type/maml:name', $ns).InnerText | Should -Be 'System.String'
        $command.SelectSingleNode('command:returnValues/command:returnValue/dev:type/maml:name', $ns).InnerText | Should -Be 'Widget'
        $command.SelectSingleNode('maml:alertSet/maml:alert/maml:para', $ns).InnerText | Should -Be 'Needs widget:Get.'

        $example = $command.SelectSingleNode('command:examples/command:example', $ns)
        $example.SelectSingleNode('maml:title', $ns).InnerText | Should -Match 'Example 1: Get a widget'
        $example.SelectSingleNode('dev:code', $ns).InnerText | Should -Be "Get-Widget -Name 'a<b>&c'"
        $example.SelectSingleNode('dev:remarks/maml:para', $ns).InnerText | Should -Be 'Gets the widget a<b>&c.'

        $links = @($command.SelectNodes('command:relatedLinks/maml:navigationLink', $ns))
        $links[0].SelectSingleNode('maml:uri', $ns).InnerText | Should -Be 'https://example.com/help/Get-Widget'
        $links[1].SelectSingleNode('maml:linkText', $ns).InnerText | Should -Be 'about_Widgets'
    }

    It 'throws when the SYNTAX block and the PARAMETERS section disagree' {
        $source = Join-Path $TestDrive 'drift'
        $path = New-CmdletPage -Folder $source -Name 'Get-Drift'
        (Get-Content -LiteralPath $path -Raw) -replace '\[-Force\] ', '' | Set-Content -LiteralPath $path -NoNewline
        { & $buildHelp -Source $source -Destination (Join-Path $TestDrive 'drift-out') } | Should -Throw -ExpectedMessage '*Get-Drift.md*does not list -Force*'
    }

    It 'converts an about_ topic to plain text' {
        $source = Join-Path $TestDrive 'about'
        $destination = Join-Path $TestDrive 'about-out'
        $null = New-Item -ItemType Directory -Path $source -Force
        $long = 'word ' * 40
        Set-Content -LiteralPath (Join-Path $source 'about_Widgets.md') -Encoding utf8NoBOM -Value @"
# about_Widgets

## SHORT DESCRIPTION
Widgets in **short**.

## Long Description
$long

### Sub heading
- an item
- another item

``````powershell
# a comment, not a heading
Get-Widget
``````
"@
        & $buildHelp -Source $source -Destination $destination | Out-Null
        $lines = Get-Content -LiteralPath (Join-Path $destination 'about_Widgets.help.txt')
        $lines[0] | Should -Be 'TOPIC'
        $lines[1] | Should -Be '    about_Widgets'
        $lines | Should -Contain 'SHORT DESCRIPTION'
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain '    Sub heading'
        $lines | Should -Contain '    - an item'
        $lines | Should -Contain '        # a comment, not a heading'
        @($lines | Where-Object { $_ -match '^#' }) | Should -BeNullOrEmpty
        @($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }
}
