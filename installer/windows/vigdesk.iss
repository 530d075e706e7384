; Inno Setup 6.3+ script: per-machine installer for the vigdesk one-dir bundle.
;
; On Windows, from the repository root (see installer\windows\README.md):
;     pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\vigdesk.spec
;     iscc installer\windows\vigdesk.iss
; Output: dist\vigdesk-<version>-windows-x64-setup.exe
;
; Installs dist\vigdesk\ into Program Files\vigdesk, adds a Start menu entry, and
; registers an uninstaller. Practitioners' vaults are never touched: they live in each
; user's %LOCALAPPDATA%\vigdesk, and the uninstaller says so.

#define Root AddBackslash(SourcePath) + "..\.."
#define Bundle Root + "\dist\vigdesk"
#if !FileExists(Bundle + "\vigdesk.exe")
  #error dist\vigdesk\vigdesk.exe is missing: run PyInstaller first (see README.md)
#endif
#ifndef AppVersion
  ; The version resource that installer\vigdesk.spec writes from vigdesk.__version__;
  ; override with iscc /DAppVersion=x.y.z
  #define AppVersion GetStringFileInfo(Bundle + "\vigdesk.exe", "ProductVersion")
#endif

[Setup]
AppId={{BC058843-616B-4ACF-A7FE-553DAB667E5C}
AppName=vigdesk
AppVersion={#AppVersion}
AppVerName=vigdesk {#AppVersion}
AppPublisher=vigdesk engineers
AppComments=Video Interaction Guidance desk: encrypted case records, clips and consent
DefaultDirName={autopf}\vigdesk
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=vigdesk-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\vigdesk.ico
UninstallDisplayIcon={app}\vigdesk-gui.exe
UninstallDisplayName=vigdesk {#AppVersion}
#if FileExists(Root + "\LICENSE")
LicenseFile={#Root}\LICENSE
#endif
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle, so no library from an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\vigdesk"; Filename: "{app}\vigdesk-gui.exe"; WorkingDir: "{app}"; \
  Comment: "Video Interaction Guidance desk"

[Code]
const
  DataNote =
    'Each practitioner''s encrypted vault was left in place, in their own Windows ' +
    'account: %LOCALAPPDATA%\vigdesk (C:\Users\<name>\AppData\Local\vigdesk), and the ' +
    'demo vault in %LOCALAPPDATA%\vigdesk-demo. Delete a vault only once its case ' +
    'records have been synced to the service folder or are past retention.';

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Log('vigdesk removed. ' + DataNote);
    if not UninstallSilent then
      MsgBox('vigdesk has been removed.' + #13#10#13#10 + DataNote, mbInformation, MB_OK);
  end;
end;
