; The Windows installer, built on Linux by scripts/package with makensis (Debian's
; nsis). NSIS, not a wixl MSI: wixl 0.101 has no <Environment>, so an MSI made
; with it cannot add the program's folder to the user's PATH.
; Per-user (no administrator rights) into %LOCALAPPDATA%\Programs; 64-bit.
; VERSION and DIR are passed with -D.
Unicode true
!include WinMessages.nsh
Target amd64-unicode
RequestExecutionLevel user
SetCompressor /SOLID lzma
Name "Mass Client Uploader"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Mass Client Uploader"
Icon "${ICON}"
UninstallIcon "${ICON}"
!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\com.dnaplatform.massuploader"
!define DATA "Uninstalling keeps your data: the database in %APPDATA%\massuploader and the sign-in in Windows Credential Manager (massuploader). Delete them there to remove them."

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section
  ; A newer installer replaces an older one: same folder, same uninstall key.
  SetOutPath "$INSTDIR"
  File "/oname=Mass Client Uploader.exe" "${DIR}/Mass Client Uploader.exe"
  File "${DIR}/massuploader.com"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Mass Client Uploader.lnk" "$INSTDIR\Mass Client Uploader.exe" "" "$INSTDIR\Mass Client Uploader.exe" 0
  WriteRegStr HKCU "${UNINST}" "DisplayName" "Mass Client Uploader"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "Publisher" "DNA Platform"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" "$INSTDIR\Mass Client Uploader.exe"
  WriteRegStr HKCU "${UNINST}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST}" "Comments" "${DATA}"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
  ; The folder on the user's PATH (once), so "massuploader validate …" works in a new terminal.
  ReadRegStr $0 HKCU "Environment" "Path"
  StrCmp $0 "" 0 +3
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    Goto broadcast
  Push $0
  Push "$INSTDIR"
  Call HasEntry
  Pop $1
  StrCmp $1 "1" broadcast
  WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
broadcast:
  SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=500
SectionEnd

; HasEntry(list, entry): 1 when entry is one of list's ;-separated parts.
Function HasEntry
  Exch $R1 ; entry
  Exch
  Exch $R0 ; list
  Push $R2
  Push $R3
  StrLen $R3 $R1
  StrCpy $R0 ";$R0;"
  StrCpy $R1 ";$R1;"
  IntOp $R3 $R3 + 2
  StrCpy $R2 0
loop:
  StrCpy $0 $R0 $R3 $R2
  StrCmp $0 "" notfound
  StrCmp $0 $R1 found
  IntOp $R2 $R2 + 1
  Goto loop
found:
  StrCpy $R0 1
  Goto done
notfound:
  StrCpy $R0 0
done:
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\Mass Client Uploader.exe"
  Delete "$INSTDIR\massuploader.com"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Mass Client Uploader.lnk"
  DeleteRegKey HKCU "${UNINST}"
  ; Take the folder off the user's PATH again.
  ReadRegStr $0 HKCU "Environment" "Path"
  StrCpy $1 ";$0;"
  Push $1
  Push ";$INSTDIR;"
  Push ";"
  Call un.Replace
  Pop $1
  StrCpy $1 $1 "" 1
  StrCpy $1 $1 -1
  WriteRegExpandStr HKCU "Environment" "Path" $1
  SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=500
  IfSilent +2
    MessageBox MB_OK|MB_ICONINFORMATION "${DATA}"
  DetailPrint "${DATA}"
SectionEnd

; un.Replace(text, what, with): every what in text replaced by with.
Function un.Replace
  Exch $R2 ; with
  Exch
  Exch $R1 ; what
  Exch 2
  Exch $R0 ; text
  Push $R3
  Push $R4
  Push $R5
  StrLen $R3 $R1
  StrCpy $R4 0
  StrCpy $R5 ""
rloop:
  StrCpy $0 $R0 $R3 $R4
  StrCmp $0 "" rdone
  StrCmp $0 $R1 rhit
  StrCpy $0 $R0 1 $R4
  StrCpy $R5 "$R5$0"
  IntOp $R4 $R4 + 1
  Goto rloop
rhit:
  StrCpy $R5 "$R5$R2"
  IntOp $R4 $R4 + $R3
  Goto rloop
rdone:
  StrCpy $0 $R0 "" $R4
  StrCpy $R0 "$R5$0"
  Pop $R5
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd
