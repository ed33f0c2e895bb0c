# Build the Windows one-folder app (dist\GoodCircleStudio) with PyInstaller and self-test it.
# The same steps as installers/build-linux (kept in step with it; not run on the Linux build machine):
#
#   powershell -ExecutionPolicy Bypass -File installers\build-windows.ps1              # clean venv build\venv-windows
#   powershell -ExecutionPolicy Bypass -File installers\build-windows.ps1 -DevVenv     # build from .venv instead
#
# The folder holds studio.exe (console: the CLI and --self-test) and GoodCircleStudio.exe (windowed, for the
# Start menu shortcut). The versions are requirements.lock's (PyInstaller, and Pillow, with which PyInstaller
# turns resources\icons\app-512.png into the .ico, are its build extra). The checks run with a cleaned environment: no PYTHON* variables, no venv, PATH = Windows only.
# One step of build-linux is not here: building FFmpeg (installers/ffmpeg_build.py). The folder ships the
# imageio-ffmpeg wheel's ffmpeg.exe and PyAV's FFmpeg DLLs as they come (the spec's non-Linux branch): a Windows
# build of our own needs an MSYS2 or MSVC toolchain and cannot be built or tested on the Linux build machine
# (docs/decisions/linux-folder-size.md).
param([switch]$DevVenv)
$ErrorActionPreference = "Stop"

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$App = "GoodCircleStudio"
$Dist = Join-Path $Root "dist\$App"

function Say($Message) { Write-Host "[build-windows] $Message" }
function Fail($Message) { Say "FAILED: $Message"; exit 1 }
function Run { param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { Fail "$Exe $($Arguments -join ' ') exited with $LASTEXITCODE" }
}

$Started = Get-Date
if ($DevVenv) {
    $Py = Join-Path $Root ".venv\Scripts\python.exe"
    if (-not (Test-Path $Py)) { Fail "no .venv: run py -3.11 installers\dev.py setup first" }
} else {
    $Venv = Join-Path $Root "build\venv-windows"
    $Py = Join-Path $Venv "Scripts\python.exe"
    if (-not (Test-Path $Py)) { Say "creating the build venv $Venv"; Run "py" @("-3.11", "-m", "venv", $Venv) }
    $Digest = ((Get-FileHash -Algorithm SHA256 (Join-Path $Root "pyproject.toml")).Hash +
               (Get-FileHash -Algorithm SHA256 (Join-Path $Root "requirements.lock")).Hash).ToLower()
    $Stamp = Join-Path $Venv ".installed-lock-sha256"
    if (-not (Test-Path $Stamp) -or (Get-Content $Stamp) -ne $Digest) {
        Say "installing requirements.lock and the project into the build venv (first time: minutes)"
        Run $Py @("-m", "pip", "install", "-q", "--upgrade", "pip")
        Run $Py @("-m", "pip", "install", "-q", "--require-hashes", "-r", (Join-Path $Root "requirements.lock"))
        Run $Py @("-m", "pip", "install", "-q", "--no-deps", $Root)
        Set-Content -Path $Stamp -Value $Digest
    }
}

Say "compiling translations"
Run $Py @("installers\build_translations.py")

Say "running PyInstaller (installers\studio.spec)"
$BuildStarted = Get-Date
Run $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "--distpath", (Join-Path $Root "dist"),
          "--workpath", (Join-Path $Root "build\pyinstaller"), "installers\studio.spec")
$BuildSeconds = [int]((Get-Date) - $BuildStarted).TotalSeconds

# The same checks as installers/check-build: first the Qt plugins a headless self-test cannot exercise...
foreach ($Plugin in @("ffmpegmediaplugin", "qoffscreen", "qwindows")) {
    if (-not (Get-ChildItem -Recurse -Path $Dist -Filter "$Plugin.dll" | Select-Object -First 1)) {
        Fail "the Qt plugin $Plugin is not in the build"
    }
}
# ...then the binary, with a cleaned environment.
Say "self-testing the build in a clean environment"
$Saved = @{}
foreach ($Name in @("PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "STUDIO_HOME", "STUDIO_FFMPEG")) {
    $Saved[$Name] = [Environment]::GetEnvironmentVariable($Name, "Process")
    [Environment]::SetEnvironmentVariable($Name, $null, "Process")
}
$env:PATH = "$env:SystemRoot\System32;$env:SystemRoot"
$Home2 = Join-Path ([IO.Path]::GetTempPath()) ("studio-check-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Home2 | Out-Null
$Studio = Join-Path $Dist "studio.exe"
$Server = $null
try {
    Run $Studio @("--version")
    Run $Studio @("--self-test")
    $Licences = & $Studio --licenses
    if ($LASTEXITCODE -ne 0) { Fail "studio --licenses" }
    foreach ($Wanted in @("PySide6_Essentials", "shiboken6", "keyring", "uvicorn", "starlette", "numpy", "av", "FFmpeg", "Qt")) {
        if (-not ($Licences | Select-String -Pattern "^$([regex]::Escape($Wanted)) ")) {
            Fail "studio --licenses does not list $Wanted (package metadata missing?)"
        }
    }
    $Out = Join-Path $Home2 "serve.out"
    $Server = Start-Process -FilePath $Studio -ArgumentList @("sandbox", "serve", "--port", "0", "--data", (Join-Path $Home2 "sandbox")) `
        -RedirectStandardOutput $Out -RedirectStandardError (Join-Path $Home2 "serve.err") -PassThru -NoNewWindow
    $Url = $null
    for ($i = 0; $i -lt 240 -and -not $Url; $i++) {
        Start-Sleep -Milliseconds 500
        if (Test-Path $Out) {
            $Line = Get-Content $Out | Select-String -Pattern "^serving on (.+)$"
            if ($Line) { $Url = $Line.Matches[0].Groups[1].Value }
        }
        if ($Server.HasExited) { break }
    }
    if (-not $Url) { Fail "the embedded sandbox did not start" }
    try { Invoke-WebRequest -UseBasicParsing "$Url/v1/me" | Out-Null; $Status = 200 }
    catch { $Status = [int]$_.Exception.Response.StatusCode }
    if ($Status -ne 401) { Fail "the sandbox at $Url answered GET /v1/me with $Status, expected 401" }
    Say "sandbox: GET $Url/v1/me without a token answered 401, as it should"
} finally {
    if ($Server -and -not $Server.HasExited) { Stop-Process -Id $Server.Id }
    foreach ($Name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($Name, $Saved[$Name], "Process") }
    Remove-Item -Recurse -Force $Home2 -ErrorAction SilentlyContinue
}

$TotalSeconds = [int]((Get-Date) - $Started).TotalSeconds
$Size = "{0:N0} MB" -f ((Get-ChildItem -Recurse $Dist | Measure-Object -Property Length -Sum).Sum / 1MB)
Say "built ${Dist}: PyInstaller $BuildSeconds s, all steps $TotalSeconds s, folder $Size"
