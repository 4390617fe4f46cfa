#Requires -Version 7.0
<#
.SYNOPSIS
    Builds the module's PowerShell help (MAML and about_*.help.txt) from platyPS-style markdown.

.DESCRIPTION
    platyPS is not available to this project, so this script does its job for the subset of the platyPS
    markdown schema 2.0.0 that the docs use:

    - every cmdlet page <Source>/<Verb-Noun>.md becomes one <command:command> entry of
      <Destination>/<CmdletAssemblyName>-Help.xml, the MAML file Get-Help reads for a binary module's cmdlets;
    - every <Source>/about_<Name>.md becomes the plain-text topic <Destination>/about_<Name>.help.txt.

    Other markdown files (a module page such as EksSso.md, a README.md) are skipped.

    The build fails (the script throws) when any cmdlet page lacks a synopsis, a description or an example,
    when an example has no code, when a parameter has no description or no yaml metadata, or when the
    SYNTAX blocks and the PARAMETERS section disagree. All problems of all files are reported together,
    each naming its file.

.EXAMPLE
    ./tools/Build-Help.ps1 -Source docs/en-US -Destination out/EksSso/en-US -ModuleName EksSso -CmdletAssemblyName EksSso.dll

.OUTPUTS
    System.IO.FileInfo for every file written.
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    # Folder holding the markdown pages (docs/en-US).
    [Parameter(Mandatory)]
    [string] $Source,

    # Folder that receives <CmdletAssemblyName>-Help.xml and the about_*.help.txt files (created if missing).
    [Parameter(Mandatory)]
    [string] $Destination,

    # Module name; a page's front matter 'Module Name', when present, must match it.
    [string] $ModuleName = 'EksSso',

    # File name of the assembly that holds the cmdlets; the MAML file is named after it.
    [string] $CmdletAssemblyName = 'EksSso.dll'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:MshelpNs = 'http://msdn.microsoft.com/mshelp'

#region Markdown reading

# Splits markdown into tokens: Heading (Level, Text), Code (Lang, Text) and Text (one line), each with its
# line number. Headings inside fenced code blocks are code, not headings.
function ConvertTo-MarkdownToken {
    param([string[]] $Lines, [string] $File)

    $tokens = [System.Collections.Generic.List[object]]::new()
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        $fence = [regex]::Match($line, '^(?<indent>\s{0,3})(?<fence>`{3,}|~{3,})\s*(?<lang>[^`\s]*)\s*$')
        if ($fence.Success) {
            $start = $i
            $marker = $fence.Groups['fence'].Value
            $code = [System.Collections.Generic.List[string]]::new()
            $i++
            $closed = $false
            while ($i -lt $Lines.Count) {
                if ($Lines[$i] -match ('^\s{0,3}' + [regex]::Escape($marker.Substring(0, 1)) + '{' + $marker.Length + ',}\s*$')) {
                    $closed = $true
                    break
                }
                $code.Add($Lines[$i])
                $i++
            }
            if (-not $closed) {
                throw "${File}:$($start + 1): the code block opened here is never closed."
            }
            $tokens.Add([pscustomobject]@{ Kind = 'Code'; Lang = $fence.Groups['lang'].Value.ToLowerInvariant(); Text = ($code -join "`n"); Line = $start + 1 })
            $i++
            continue
        }

        $heading = [regex]::Match($line, '^(?<hashes>#{1,6})\s+(?<text>.*?)(?:\s+#+)?\s*$')
        if ($heading.Success) {
            $tokens.Add([pscustomobject]@{ Kind = 'Heading'; Level = $heading.Groups['hashes'].Value.Length; Text = $heading.Groups['text'].Value.Trim(); Line = $i + 1 })
        }
        else {
            $tokens.Add([pscustomobject]@{ Kind = 'Text'; Text = $line; Line = $i + 1 })
        }
        $i++
    }
    return , $tokens
}

# Reads a markdown file: front matter (a hashtable), title (the first level-1 heading) and its level-2
# sections, each with the tokens before its first level-3 heading (Body) and its level-3 subsections.
function Read-MarkdownDocument {
    param([string] $Path)

    $text = [System.IO.File]::ReadAllText($Path)
    $lines = $text -replace "`r`n?", "`n" -split "`n"
    $frontMatter = [ordered]@{}
    $first = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $end = -1
        for ($j = 1; $j -lt $lines.Count; $j++) {
            if ($lines[$j].Trim() -eq '---') { $end = $j; break }
        }
        if ($end -lt 0) {
            throw "${Path}: the front matter opened on line 1 is never closed with '---'."
        }
        for ($j = 1; $j -lt $end; $j++) {
            $m = [regex]::Match($lines[$j], '^\s*(?<key>[^:#]+?)\s*:\s*(?<value>.*?)\s*$')
            if ($m.Success) { $frontMatter[$m.Groups['key'].Value] = $m.Groups['value'].Value }
        }
        $first = $end + 1
    }

    $body = if ($first -lt $lines.Count) { $lines[$first..($lines.Count - 1)] } else { @() }
    $tokens = ConvertTo-MarkdownToken -Lines $body -File $Path
    foreach ($t in $tokens) { $t.Line += $first }

    $doc = [pscustomobject]@{
        Path        = $Path
        FrontMatter = $frontMatter
        Title       = $null
        TitleLine   = 0
        Preamble    = [System.Collections.Generic.List[object]]::new()
        Sections    = [System.Collections.Generic.List[object]]::new()
    }
    $section = $null
    $sub = $null
    foreach ($t in $tokens) {
        if ($t.Kind -eq 'Heading' -and $t.Level -eq 1 -and $null -eq $doc.Title) {
            $doc.Title = $t.Text
            $doc.TitleLine = $t.Line
            continue
        }
        if ($t.Kind -eq 'Heading' -and $t.Level -le 2) {
            $section = [pscustomobject]@{
                Name        = $t.Text
                Key         = $t.Text.ToUpperInvariant()
                Line        = $t.Line
                Body        = [System.Collections.Generic.List[object]]::new()
                Subsections = [System.Collections.Generic.List[object]]::new()
            }
            $doc.Sections.Add($section)
            $sub = $null
            continue
        }
        if ($t.Kind -eq 'Heading' -and $t.Level -eq 3 -and $null -ne $section) {
            $sub = [pscustomobject]@{ Name = $t.Text; Line = $t.Line; Body = [System.Collections.Generic.List[object]]::new() }
            $section.Subsections.Add($sub)
            continue
        }
        if ($null -ne $sub) { $sub.Body.Add($t) }
        elseif ($null -ne $section) { $section.Body.Add($t) }
        else { $doc.Preamble.Add($t) }
    }
    return $doc
}

function Get-Section {
    param($Document, [string] $Name)
    foreach ($s in $Document.Sections) {
        if ($s.Key -eq $Name) { return $s }
    }
    return $null
}

# Markdown inline links read as plain text: [text](url) -> "text (url)", [text]() -> "text".
function ConvertFrom-InlineMarkdown {
    param([string] $Text)
    return [regex]::Replace($Text, '(?<!!)\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)', {
            param($m)
            $t = $m.Groups['text'].Value
            $u = $m.Groups['url'].Value
            if ($u -eq '' -or $u -eq $t) { $t } else { "$t ($u)" }
        })
}

# Turns body tokens into paragraphs of plain text. Soft-wrapped lines are joined; list items and table
# rows keep their own lines; code blocks (when included) keep their lines, indented by four spaces.
function ConvertTo-Paragraph {
    param($Tokens, [switch] $ExcludeCode)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $flush = {
        if ($current.Count -gt 0) {
            $paragraphs.Add(($current -join "`n"))
            $current.Clear()
        }
    }
    foreach ($t in $Tokens) {
        switch ($t.Kind) {
            'Code' {
                & $flush
                if (-not $ExcludeCode -and $t.Text.Trim() -ne '') {
                    $paragraphs.Add((($t.Text -split "`n" | ForEach-Object { ('    ' + $_).TrimEnd() }) -join "`n"))
                }
            }
            'Heading' {
                & $flush
                $paragraphs.Add($t.Text)
            }
            default {
                $line = $t.Text
                if ($line.Trim() -eq '') { & $flush; continue }
                $trimmed = $line.Trim()
                $isItem = $trimmed -match '^([-*+]|\d+[.)])\s+' -or $trimmed.StartsWith('|')
                if ($current.Count -eq 0 -or $isItem) {
                    $current.Add((ConvertFrom-InlineMarkdown $trimmed))
                }
                else {
                    $current[$current.Count - 1] = $current[$current.Count - 1] + ' ' + (ConvertFrom-InlineMarkdown $trimmed)
                }
            }
        }
    }
    & $flush
    return , $paragraphs
}

# True when the paragraphs say nothing: empty, or only a platyPS placeholder such as {{ Fill in the Synopsis }}.
function Test-EmptyText {
    param($Paragraphs)
    $all = (@($Paragraphs) -join "`n").Trim()
    return $all -eq '' -or $all -match '^\{\{.*\}\}$'
}

function Read-YamlBlock {
    param([string] $Text)
    $map = @{}
    foreach ($line in $Text -split "`n") {
        $m = [regex]::Match($line, '^\s*(?<key>[A-Za-z][A-Za-z ]*?)\s*:\s*(?<value>.*?)\s*$')
        if ($m.Success) {
            $value = $m.Groups['value'].Value
            if ($value -match '^(["''])(.*)\1$') { $value = $Matches[2] }
            $map[$m.Groups['key'].Value.ToLowerInvariant()] = $value
        }
    }
    return $map
}

#endregion

#region Cmdlet pages

function Read-CmdletPage {
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)

    $file = [System.IO.Path]::GetFileName($Path)
    $expectedName = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $doc = Read-MarkdownDocument -Path $Path
    $problem = { param($message) $Problems.Add("${Path}: $message") }

    $expectedHelpFile = "$CmdletAssemblyName-Help.xml"
    if ($doc.FrontMatter.Contains('external help file') -and $doc.FrontMatter['external help file'] -ne $expectedHelpFile) {
        & $problem "front matter 'external help file' is '$($doc.FrontMatter['external help file'])', expected '$expectedHelpFile'."
    }
    if ($doc.FrontMatter.Contains('Module Name') -and $doc.FrontMatter['Module Name'] -ne $ModuleName) {
        & $problem "front matter 'Module Name' is '$($doc.FrontMatter['Module Name'])', expected '$ModuleName'."
    }
    if ($null -eq $doc.Title) {
        & $problem "has no '# $expectedName' title."
    }
    elseif ($doc.Title -ne $expectedName) {
        & $problem "title '# $($doc.Title)' does not match the file name '$file'."
    }
    $name = $expectedName
    $verb, $noun = $name -split '-', 2

    # SYNOPSIS
    $synopsis = @()
    $section = Get-Section $doc 'SYNOPSIS'
    if ($null -eq $section) { & $problem 'has no ## SYNOPSIS section.' }
    else {
        $synopsis = ConvertTo-Paragraph $section.Body
        if (Test-EmptyText $synopsis) { & $problem 'the ## SYNOPSIS section is empty.' }
    }

    # DESCRIPTION
    $description = @()
    $section = Get-Section $doc 'DESCRIPTION'
    if ($null -eq $section) { & $problem 'has no ## DESCRIPTION section.' }
    else {
        $description = ConvertTo-Paragraph $section.Body
        if (Test-EmptyText $description) { & $problem 'the ## DESCRIPTION section is empty.' }
    }

    # EXAMPLES
    $examples = [System.Collections.Generic.List[object]]::new()
    $section = Get-Section $doc 'EXAMPLES'
    if ($null -eq $section) { & $problem 'has no ## EXAMPLES section; add at least one ### Example with a code block.' }
    else {
        foreach ($sub in $section.Subsections) {
            $code = @($sub.Body | Where-Object { $_.Kind -eq 'Code' -and $_.Text.Trim() -ne '' } | ForEach-Object { $_.Text.TrimEnd() })
            if ($code.Count -eq 0) {
                & $problem "example '$($sub.Name)' (line $($sub.Line)) has no code block."
                continue
            }
            $remarks = @((ConvertTo-Paragraph $sub.Body -ExcludeCode) | Where-Object { -not (Test-EmptyText $_) })
            $examples.Add([pscustomobject]@{ Title = $sub.Name; Code = ($code -join "`n`n"); Remarks = $remarks })
        }
        if ($section.Subsections.Count -eq 0) { & $problem 'the ## EXAMPLES section has no ### example.' }
    }

    # PARAMETERS
    $parameters = [System.Collections.Generic.List[object]]::new()
    $section = Get-Section $doc 'PARAMETERS'
    if ($null -ne $section) {
        foreach ($sub in $section.Subsections) {
            if ($sub.Name -eq 'CommonParameters') { continue }
            if ($sub.Name -notmatch '^-(?<name>\w+)$') {
                & $problem "parameter heading '### $($sub.Name)' (line $($sub.Line)) is not of the form '### -Name'."
                continue
            }
            $paramName = $Matches['name']
            $paramDescription = ConvertTo-Paragraph ($sub.Body | Where-Object { $_.Kind -ne 'Code' -or $_.Lang -ne 'yaml' })
            if (Test-EmptyText $paramDescription) {
                & $problem "parameter -$paramName (line $($sub.Line)) has no description."
            }
            $yaml = @($sub.Body | Where-Object { $_.Kind -eq 'Code' -and $_.Lang -eq 'yaml' } | ForEach-Object { Read-YamlBlock $_.Text })
            if ($yaml.Count -eq 0) {
                & $problem "parameter -$paramName (line $($sub.Line)) has no yaml block (Type, Parameter Sets, Required, Position, ...)."
                continue
            }
            foreach ($y in $yaml) {
                if (-not $y['type']) { & $problem "parameter -$paramName (line $($sub.Line)): the yaml block has no 'Type'." }
            }
            $parameters.Add([pscustomobject]@{ Name = $paramName; Description = $paramDescription; Metadata = $yaml })
        }
        $duplicates = @($parameters | Group-Object Name | Where-Object Count -GT 1 | ForEach-Object Name)
        if ($duplicates.Count -gt 0) { & $problem "parameters documented twice: -$($duplicates -join ', -')." }
    }

    # SYNTAX: one set per ### subsection; the -Name tokens of its code block give the order of its parameters.
    $sets = [System.Collections.Generic.List[object]]::new()
    $section = Get-Section $doc 'SYNTAX'
    if ($null -ne $section) {
        $syntaxBlocks = @($section.Subsections | ForEach-Object {
                [pscustomobject]@{ Name = ($_.Name -replace '\s*\(Default\)\s*$', ''); Line = $_.Line; Code = (@($_.Body | Where-Object Kind -EQ 'Code' | ForEach-Object Text) -join "`n") }
            })
        if ($syntaxBlocks.Count -eq 0) {
            $syntaxBlocks = @([pscustomobject]@{ Name = '__AllParameterSets'; Line = $section.Line; Code = (@($section.Body | Where-Object Kind -EQ 'Code' | ForEach-Object Text) -join "`n") })
        }
        foreach ($b in $syntaxBlocks) {
            $order = [System.Collections.Generic.List[string]]::new()
            foreach ($m in [regex]::Matches($b.Code, '(?<![\w-])-(?<name>[A-Za-z]\w*)')) {
                if (-not $order.Contains($m.Groups['name'].Value)) { $order.Add($m.Groups['name'].Value) }
            }
            $sets.Add([pscustomobject]@{ Name = $b.Name; Line = $b.Line; Order = $order; HasCode = ($b.Code.Trim() -ne '') })
        }
    }
    if ($sets.Count -eq 0) {
        $sets.Add([pscustomobject]@{ Name = '__AllParameterSets'; Line = 0; Order = [System.Collections.Generic.List[string]]::new(); HasCode = $false })
    }
    $setNames = @($sets | ForEach-Object Name)
    foreach ($p in $parameters) {
        foreach ($y in $p.Metadata) {
            foreach ($n in (Get-ParameterSetList $y)) {
                if ($n -ne '(All)' -and $setNames -notcontains $n) {
                    & $problem "parameter -$($p.Name) is in parameter set '$n', which the ## SYNTAX section does not have (it has: $($setNames -join ', '))."
                }
            }
        }
    }
    $syntaxItems = [System.Collections.Generic.List[object]]::new()
    foreach ($set in $sets) {
        $members = [System.Collections.Generic.List[object]]::new()
        foreach ($p in $parameters) {
            $meta = Get-SetMetadata -Parameter $p -SetName $set.Name
            if ($null -ne $meta) { $members.Add([pscustomobject]@{ Parameter = $p; Metadata = $meta }) }
        }
        if ($set.HasCode) {
            foreach ($n in $set.Order) {
                if (-not ($parameters | Where-Object Name -EQ $n)) {
                    & $problem "the syntax of set '$($set.Name)' (line $($set.Line)) names -$n, which the ## PARAMETERS section does not document."
                }
                elseif (-not ($members | Where-Object { $_.Parameter.Name -eq $n })) {
                    & $problem "the syntax of set '$($set.Name)' (line $($set.Line)) names -$n, whose yaml 'Parameter Sets' does not include '$($set.Name)' or '(All)'."
                }
            }
            foreach ($mbr in $members) {
                if (-not $set.Order.Contains($mbr.Parameter.Name)) {
                    & $problem "the syntax of set '$($set.Name)' (line $($set.Line)) does not list -$($mbr.Parameter.Name), which the ## PARAMETERS section puts in that set."
                }
            }
        }
        $ordered = @($members | Sort-Object -Stable -Property @{ Expression = {
                    $index = $set.Order.IndexOf($_.Parameter.Name)
                    if ($index -lt 0) { [int]::MaxValue } else { $index }
                }
            })
        $syntaxItems.Add([pscustomobject]@{ Name = $set.Name; Members = $ordered })
    }

    # INPUTS / OUTPUTS: one ### TypeName subsection per type.
    $inputs = Read-TypeSection (Get-Section $doc 'INPUTS')
    $outputs = Read-TypeSection (Get-Section $doc 'OUTPUTS')

    # NOTES
    $notes = @()
    $section = Get-Section $doc 'NOTES'
    if ($null -ne $section) {
        $notes = @((ConvertTo-Paragraph (@($section.Body) + @($section.Subsections | ForEach-Object { [pscustomobject]@{ Kind = 'Heading'; Text = $_.Name } ; $_.Body }))) |
                Where-Object { -not (Test-EmptyText $_) })
    }

    # RELATED LINKS: the online version first (Get-Help -Online opens it), then each [text](uri).
    $links = [System.Collections.Generic.List[object]]::new()
    $online = if ($doc.FrontMatter.Contains('online version')) { $doc.FrontMatter['online version'].Trim() } else { '' }
    if ($online -ne '') { $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) }
    $section = Get-Section $doc 'RELATED LINKS'
    if ($null -ne $section) {
        foreach ($t in $section.Body) {
            if ($t.Kind -ne 'Text') { continue }
            foreach ($m in [regex]::Matches($t.Text, '\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)')) {
                $links.Add([pscustomobject]@{ Text = $m.Groups['text'].Value; Uri = $m.Groups['uri'].Value })
            }
        }
    }

    return [pscustomobject]@{
        Name        = $name
        Verb        = $verb
        Noun        = $noun
        Synopsis    = $synopsis
        Description = $description
        Examples    = $examples
        Parameters  = $parameters
        SyntaxItems = $syntaxItems
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = $notes
        Links       = $links
    }
}

function Get-ParameterSetList {
    param($Metadata)
    $value = if ($Metadata['parameter sets']) { $Metadata['parameter sets'] } else { '(All)' }
    return @($value -split ',' | ForEach-Object Trim | Where-Object { $_ -ne '' })
}

# The yaml block of a parameter that applies to a parameter set, or $null when the parameter is not in it.
function Get-SetMetadata {
    param($Parameter, [string] $SetName)
    foreach ($y in $Parameter.Metadata) {
        $list = Get-ParameterSetList $y
        if ($list -contains $SetName) { return $y }
    }
    foreach ($y in $Parameter.Metadata) {
        $list = Get-ParameterSetList $y
        if ($list -contains '(All)' -or ($SetName -eq '__AllParameterSets')) { return $y }
    }
    return $null
}

function Read-TypeSection {
    param($Section)
    $types = [System.Collections.Generic.List[object]]::new()
    if ($null -eq $Section) { return , $types }
    foreach ($sub in $Section.Subsections) {
        $types.Add([pscustomobject]@{ Name = $sub.Name; Description = @((ConvertTo-Paragraph $sub.Body) | Where-Object { -not (Test-EmptyText $_) }) })
    }
    if ($types.Count -eq 0) {
        # No ### heading: a bare type name (for example "None") on the section's first line.
        $paragraphs = @((ConvertTo-Paragraph $Section.Body) | Where-Object { -not (Test-EmptyText $_) })
        if ($paragraphs.Count -gt 0) {
            $types.Add([pscustomobject]@{ Name = ($paragraphs[0] -split "`n")[0].Trim(); Description = @($paragraphs | Select-Object -Skip 1) })
        }
    }
    return , $types
}

#endregion

#region MAML writing

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, $Paragraphs)
    $list = @($Paragraphs)
    if ($list.Count -eq 0) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNs, '')
        return
    }
    foreach ($p in $list) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, $p) }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Test-Switch {
    param([string] $Type)
    return $Type -match '^(System\.Management\.Automation\.)?SwitchParameter$'
}

function ConvertTo-BoolText {
    param([string] $Value, [string] $Default = 'false')
    if ([string]::IsNullOrWhiteSpace($Value)) { return $Default }
    if ($Value -match '^\s*true') { return 'true' }
    return 'false'
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Metadata)

    $type = $Metadata['type']
    $position = if ($Metadata['position'] -and $Metadata['position'] -notmatch '^(?i:named)$') { $Metadata['position'] } else { 'named' }
    $pipeline = if ($Metadata['accept pipeline input']) { $Metadata['accept pipeline input'] } else { 'False' }
    $aliases = if ($Metadata['aliases'] -and $Metadata['aliases'] -notmatch '^(?i:none)$') { $Metadata['aliases'] } else { 'none' }
    $default = if ($Metadata['default value']) { $Metadata['default value'] } else { 'None' }
    $isArray = $type -match '\[\]$'

    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', (ConvertTo-BoolText $Metadata['required']))
    $Writer.WriteAttributeString('variableLength', $(if ($isArray) { 'true' } else { 'false' }))
    $Writer.WriteAttributeString('globbing', (ConvertTo-BoolText $Metadata['accept wildcard characters']))
    $Writer.WriteAttributeString('pipelineInput', $pipeline)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if (-not (Test-Switch $type)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', $(if ($isArray) { 'true' } else { 'false' }))
        $Writer.WriteString($type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $type)
    $Writer.WriteElementString('maml', 'uri', $script:MamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNs, $default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListElement, [string] $ItemElement, $Types)
    $Writer.WriteStartElement('command', $ListElement, $script:CommandNs)
    $list = @($Types)
    if ($list.Count -eq 0) { $list = @([pscustomobject]@{ Name = 'None'; Description = @() }) }
    foreach ($t in $list) {
        $Writer.WriteStartElement('command', $ItemElement, $script:CommandNs)
        $Writer.WriteStartElement('dev', 'type', $script:DevNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $t.Name)
        $Writer.WriteEndElement()
        Write-Description $Writer $t.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Page)

    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $script:MshelpNs)

    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    $Writer.WriteElementString('command', 'name', $script:CommandNs, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNs, $Page.Verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNs, $Page.Noun)
    Write-Description $Writer $Page.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($item in $Page.SyntaxItems) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Page.Name)
        foreach ($m in $item.Members) { Write-Parameter $Writer $m.Parameter $m.Metadata }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($p in $Page.Parameters) { Write-Parameter $Writer $p $p.Metadata[0] }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Page.Outputs

    if (@($Page.Notes).Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNs)
        Write-Para $Writer $Page.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($e in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        $Writer.WriteElementString('maml', 'title', $script:MamlNs, "-------------------------- $($e.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $script:DevNs, $e.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNs)
        foreach ($r in @($e.Remarks)) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, $r) }
        # A trailing empty paragraph: Get-Help then leaves a blank line before the next example's title.
        $Writer.WriteElementString('maml', 'para', $script:MamlNs, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
    foreach ($l in $Page.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNs, $l.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNs, $l.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlFile {
    param([string] $Path, $Pages)

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $settings.CheckCharacters = $true

    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) { Write-Command $writer $page }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region about topics

# Word-wraps one paragraph to $Width columns: the first line starts with $FirstPrefix, the others with
# $Indent spaces.
function Format-Wrapped {
    param([string] $Text, [string] $FirstPrefix, [int] $Indent, [int] $Width = 80)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $FirstPrefix
    $lineHasWord = $false
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ -ne '' })) {
        if ($lineHasWord -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = (' ' * $Indent) + $word
        }
        elseif ($lineHasWord) { $line += ' ' + $word }
        else { $line += $word }
        $lineHasWord = $true
    }
    if ($lineHasWord) { $lines.Add($line) }
    return , $lines
}

function ConvertTo-AboutText {
    param([string] $Path)

    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $doc = Read-MarkdownDocument -Path $Path
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $topic")

    $tokens = [System.Collections.Generic.List[object]]::new()
    foreach ($t in $doc.Preamble) { $tokens.Add($t) }
    if ($null -ne $doc.Title -and $doc.Title -ne $topic) {
        $tokens.Add([pscustomobject]@{ Kind = 'Heading'; Level = 2; Text = $doc.Title; Line = $doc.TitleLine })
    }
    foreach ($s in $doc.Sections) {
        $tokens.Add([pscustomobject]@{ Kind = 'Heading'; Level = 2; Text = $s.Name; Line = $s.Line })
        foreach ($t in $s.Body) { $tokens.Add($t) }
        foreach ($sub in $s.Subsections) {
            $tokens.Add([pscustomobject]@{ Kind = 'Heading'; Level = 3; Text = $sub.Name; Line = $sub.Line })
            foreach ($t in $sub.Body) { $tokens.Add($t) }
        }
    }

    # Blocks of text: paragraphs and list items are re-wrapped; tables and code keep their lines.
    $pending = [System.Collections.Generic.List[string]]::new()
    $pendingPrefix = $null
    $pendingIndent = 4
    $blank = {
        if ($out.Count -gt 0 -and $out[$out.Count - 1] -ne '') { $out.Add('') }
    }
    $flush = {
        if ($pending.Count -gt 0) {
            foreach ($l in (Format-Wrapped -Text ($pending -join ' ') -FirstPrefix $pendingPrefix -Indent $pendingIndent)) { $out.Add($l) }
            $pending.Clear()
        }
    }
    $previousWasItem = $false
    foreach ($t in $tokens) {
        switch ($t.Kind) {
            'Heading' {
                & $flush
                & $blank
                $title = ConvertFrom-InlineMarkdown $t.Text
                if ($t.Level -le 2) { $out.Add($title.ToUpperInvariant()) }
                else { $out.Add("    $title") }
                $previousWasItem = $false
            }
            'Code' {
                & $flush
                & $blank
                foreach ($l in ($t.Text -split "`n")) { $out.Add(('        ' + $l).TrimEnd()) }
                $out.Add('')
                $previousWasItem = $false
            }
            default {
                $line = $t.Text
                $trimmed = $line.Trim()
                if ($trimmed -eq '') {
                    & $flush
                    & $blank
                    $previousWasItem = $false
                    continue
                }
                $text = ConvertFrom-InlineMarkdown $trimmed
                $item = [regex]::Match($text, '^(?<marker>[-*+]|\d+[.)])\s+(?<rest>.*)$')
                if ($trimmed.StartsWith('|')) {
                    & $flush
                    if ($trimmed -notmatch '^\|[\s:|-]+\|?$') { $out.Add("    $text") }
                    $previousWasItem = $false
                }
                elseif ($item.Success) {
                    & $flush
                    $nested = [math]::Min([int][math]::Floor(($line.Length - $line.TrimStart().Length) / 2), 3) * 2
                    $marker = $item.Groups['marker'].Value
                    if ($marker -match '^[*+]$') { $marker = '-' }
                    $pendingPrefix = (' ' * (4 + $nested)) + $marker + ' '
                    $pendingIndent = $pendingPrefix.Length
                    $pending.Add($item.Groups['rest'].Value)
                    $previousWasItem = $true
                }
                else {
                    if ($pending.Count -eq 0) {
                        $pendingPrefix = '    '
                        $pendingIndent = 4
                    }
                    elseif (-not $previousWasItem -and $pendingPrefix -ne '    ') {
                        $pendingPrefix = '    '
                        $pendingIndent = 4
                    }
                    $pending.Add($text)
                }
            }
        }
    }
    & $flush
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    return ($out -join "`n") + "`n"
}

#endregion

$sourcePath = (Resolve-Path -LiteralPath $Source).ProviderPath
if (-not (Test-Path -LiteralPath $sourcePath -PathType Container)) {
    throw "Build-Help: the source '$Source' is not a folder."
}
$markdown = @(Get-ChildItem -LiteralPath $sourcePath -Filter '*.md' -File | Sort-Object -Property Name -Culture ([cultureinfo]::InvariantCulture))
$cmdletFiles = @($markdown | Where-Object { $_.BaseName -match '^[A-Za-z]+-[A-Za-z0-9]+$' })
$aboutFiles = @($markdown | Where-Object { $_.BaseName -like 'about_*' })
foreach ($skipped in ($markdown | Where-Object { $cmdletFiles -notcontains $_ -and $aboutFiles -notcontains $_ })) {
    Write-Verbose "Build-Help: skipping $($skipped.Name): neither a Verb-Noun cmdlet page nor an about_ topic."
}

$problems = [System.Collections.Generic.List[string]]::new()
$pages = [System.Collections.Generic.List[object]]::new()
foreach ($f in $cmdletFiles) {
    try {
        $pages.Add((Read-CmdletPage -Path $f.FullName -Problems $problems))
    }
    catch {
        $problems.Add("$($f.FullName): $($_.Exception.Message)")
    }
}
$abouts = [System.Collections.Generic.List[object]]::new()
foreach ($f in $aboutFiles) {
    try {
        $abouts.Add([pscustomobject]@{ Name = "$($f.BaseName).help.txt"; Text = (ConvertTo-AboutText -Path $f.FullName) })
    }
    catch {
        $problems.Add("$($f.FullName): $($_.Exception.Message)")
    }
}
if ($problems.Count -gt 0) {
    throw ("Build-Help found {0} problem(s) in the help markdown:`n  {1}" -f $problems.Count, ($problems -join "`n  "))
}
if ($pages.Count -eq 0 -and $abouts.Count -eq 0) {
    throw "Build-Help: '$Source' holds no cmdlet page (Verb-Noun.md) and no about_*.md topic."
}

$null = New-Item -ItemType Directory -Path $Destination -Force
$destinationPath = (Resolve-Path -LiteralPath $Destination).ProviderPath

if ($pages.Count -gt 0) {
    $mamlPath = Join-Path $destinationPath "$CmdletAssemblyName-Help.xml"
    Write-MamlFile -Path $mamlPath -Pages $pages
    # Read it back: a file Get-Help cannot parse must fail the build here, not silently at run time.
    $check = [System.Xml.XmlDocument]::new()
    $check.Load($mamlPath)
    Write-Verbose "Build-Help: wrote $mamlPath ($($pages.Count) cmdlet(s): $(($pages | ForEach-Object Name) -join ', '))."
    Get-Item -LiteralPath $mamlPath
}
foreach ($a in $abouts) {
    $aboutPath = Join-Path $destinationPath $a.Name
    [System.IO.File]::WriteAllText($aboutPath, $a.Text, [System.Text.UTF8Encoding]::new($false))
    Write-Verbose "Build-Help: wrote $aboutPath."
    Get-Item -LiteralPath $aboutPath
}
