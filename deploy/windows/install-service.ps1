<#
.SYNOPSIS
    Installs (or with -Uninstall removes) the hub as a Windows service (issue 19 item 1).

.DESCRIPTION
    Expects the hub published for Windows:
        dotnet publish Hub.Host -c Release -r win-x64 --self-contained -o <folder>
    Install: copies that folder to -InstallFolder, points the hub's settings at the data folder
    %ProgramData%\IntegrationHub (appsettings.json beside hub.exe, which the service and the admin commands both read),
    creates the service with sc.exe to run "hub.exe run" as the virtual account NT SERVICE\<name>, gives that account
    (with SYSTEM and Administrators) the only access to the data folder, makes the service restart after a failure,
    and starts it. The hub answers the service control manager itself (Microsoft.Extensions.Hosting.WindowsServices).
    Uninstall: stops and deletes the service; the data folder stays unless -RemoveData.
    Run from an elevated PowerShell. Not run in this project's CI (it has no Windows machine); CI proves only that the
    Windows build publishes.

.EXAMPLE
    .\install-service.ps1 -PublishFolder C:\build\hub-win-x64
.EXAMPLE
    .\install-service.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string] $PublishFolder,
    [string] $InstallFolder = (Join-Path $env:ProgramFiles 'IntegrationHub'),
    [string] $DataFolder = (Join-Path $env:ProgramData 'IntegrationHub'),
    [string] $ServiceName = 'IntegrationHub',
    [switch] $Uninstall,
    [switch] $RemoveData
)

$ErrorActionPreference = 'Stop'

function Invoke-Sc {
    # sc.exe reports failure through its exit code only; stop at the first one, with what it printed.
    $output = & sc.exe @args 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe $($args -join ' ') failed ($LASTEXITCODE): $output"
    }
}

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell (as an administrator).'
}

$account = "NT SERVICE\$ServiceName"
$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue

if ($Uninstall) {
    if ($existing) {
        if ($existing.Status -ne 'Stopped') {
            Stop-Service -Name $ServiceName
            $existing.WaitForStatus('Stopped', [TimeSpan]::FromMinutes(2))
        }
        Invoke-Sc delete $ServiceName
        Write-Host "Service $ServiceName removed."
    } else {
        Write-Host "Service $ServiceName is not installed."
    }
    if ($RemoveData) {
        Remove-Item -Recurse -Force $DataFolder -ErrorAction SilentlyContinue
        Write-Host "Data folder $DataFolder removed."
    } else {
        Write-Host "Data folder $DataFolder kept (use -RemoveData to delete it)."
    }
    return
}

if ($existing) {
    throw "Service $ServiceName exists already: run with -Uninstall first (the data folder is kept)."
}
if (-not $PublishFolder -or -not (Test-Path (Join-Path $PublishFolder 'hub.exe'))) {
    throw "-PublishFolder must name the folder of a win-x64 publish of Hub.Host (with hub.exe)."
}

# The program; an appsettings.json already there (the site's settings) is kept.
New-Item -ItemType Directory -Force -Path $InstallFolder | Out-Null
$settingsPath = Join-Path $InstallFolder 'appsettings.json'
$keptSettings = if (Test-Path $settingsPath) { Get-Content -Raw $settingsPath } else { $null }
Copy-Item -Recurse -Force (Join-Path $PublishFolder '*') $InstallFolder
if ($keptSettings) {
    Set-Content -Path $settingsPath -Value $keptSettings -Encoding UTF8
} else {
    $settings = Get-Content -Raw $settingsPath | ConvertFrom-Json
    $settings.Hub.DataFolder = $DataFolder
    $settings | ConvertTo-Json -Depth 32 | Set-Content -Path $settingsPath -Encoding UTF8
}

$exe = Join-Path $InstallFolder 'hub.exe'
# sc.exe wants "name= value" with the space after '='.
Invoke-Sc create $ServiceName binPath= "`"$exe`" run" start= delayed-auto obj= $account DisplayName= 'IntegrationHub'
Invoke-Sc description $ServiceName 'IntegrationHub: ERP/MES/WMS/MQTT/OPC UA to CRM integration'
# Restart after 5 s, 5 s, then 60 s; the count resets after a day without failure. failureflag 1: also when the hub
# stops with an error exit code (bad settings exit with 2 and would restart in vain; the event log says why).
Invoke-Sc failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/60000
Invoke-Sc failureflag $ServiceName 1

# The data folder: SYSTEM, Administrators and the service's own account only; no inherited access for Users.
# The virtual account exists once the service does, hence after sc.exe create.
New-Item -ItemType Directory -Force -Path $DataFolder | Out-Null
& icacls.exe $DataFolder /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' "${account}:(OI)(CI)M" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls on $DataFolder failed ($LASTEXITCODE)." }
# The settings may hold passwords: readable by the service, not by every user.
& icacls.exe $settingsPath /inheritance:r /grant:r 'SYSTEM:F' 'Administrators:F' "${account}:R" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls on $settingsPath failed ($LASTEXITCODE)." }

Start-Service -Name $ServiceName
Write-Host "Service $ServiceName installed and started: $exe run, data in $DataFolder, logs in the Application event log."
Write-Host "Admin commands: & '$exe' help (run them elevated: the settings file is not readable by other users)."
