:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; "$SCRIPT_DIR/build.sh" "$@"; exit $?

@ECHO OFF
SETLOCAL
REM Windows bootstrap: same build, same arguments. Always compiles (MSBuild's own up-to-date check keeps a warm call short).
SET ROOT_DIRECTORY=%~dp0
IF "%ROOT_DIRECTORY:~-1%"=="\" SET ROOT_DIRECTORY=%ROOT_DIRECTORY:~0,-1%
SET DOTNET_CLI_TELEMETRY_OPTOUT=1
SET DOTNET_NOLOGO=1
SET DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WHERE dotnet >NUL 2>NUL || (ECHO error: dotnet was not found on PATH; install the .NET SDK named in global.json 1>&2 & EXIT /B 2)
dotnet build "%ROOT_DIRECTORY%\build\_build.csproj" --nologo -v q -clp:NoSummary -o "%ROOT_DIRECTORY%\.nuke\temp\bin" || EXIT /B 2
dotnet "%ROOT_DIRECTORY%\.nuke\temp\bin\_build.dll" %* --root "%ROOT_DIRECTORY%"
EXIT /B %ERRORLEVEL%
