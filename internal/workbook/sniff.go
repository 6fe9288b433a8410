package workbook

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

type kind int

const (
	kindXLSX kind = iota
	kindCSV
)

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff decides how to read a file from its size and first bytes, and explains
// the files it will not read.
func sniff(path string) (kind, error) {
	size, err := fileSize(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, unreadable(path, "the file does not exist (was it moved or renamed?)")
	case errors.Is(err, fs.ErrPermission):
		return 0, unreadable(path, "you do not have permission to read this file")
	case err != nil:
		return 0, unreadable(path, "the file cannot be opened: %v", err)
	case size == 0:
		return 0, unreadable(path, "the file is empty (0 bytes)")
	case size > MaxFileSize:
		return 0, unreadable(path, "the file is %.1f MB; files over %d MB are refused. Split it into smaller files", float64(size)/(1<<20), MaxFileSize>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return 0, unreadable(path, "you do not have permission to read this file")
		}
		return 0, unreadable(path, "the file cannot be opened (is it open and locked in another program?): %v", err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, zipMagic):
		if bytes.Contains(head, []byte("application/vnd.oasis.opendocument")) {
			return 0, unreadable(path, "this is an OpenDocument spreadsheet (.ods); in LibreOffice choose File › Save As › Excel 2007-365 (.xlsx)")
		}
		return kindXLSX, nil
	case bytes.HasPrefix(head, cfbMagic):
		if _, err := f.Seek(0, io.SeekStart); err == nil && isEncrypted(f) {
			return 0, unreadable(path, "the workbook is password-protected; open it, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it) and save it again")
		}
		return 0, unreadable(path, "this is an old Excel 97–2003 workbook (.xls); open it in Excel or LibreOffice and save it as .xlsx")
	case ext == ".csv" || ext == ".txt":
		if bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			return 0, unreadable(path, "the file holds binary data, not comma-separated text; save it as .xlsx or CSV UTF-8")
		}
		return kindCSV, nil
	case ext == ".xlsx" || ext == ".xlsm":
		return 0, unreadable(path, "the file is not a valid .xlsx workbook (it does not start like one: damaged, or renamed from another format); open it in Excel or LibreOffice and save it as .xlsx")
	case ext == ".xls":
		return 0, unreadable(path, "this is not a readable .xls file; open it in Excel or LibreOffice and save it as .xlsx")
	default:
		return 0, unreadable(path, "%q files are not spreadsheets this app reads; use the .xlsx template (or a .csv)", ext)
	}
}

// isEncrypted tells whether an OLE compound file is an encrypted OOXML package,
// which is how Excel stores a password-protected .xlsx: its directory names
// the streams "EncryptionInfo" and "EncryptedPackage" (in UTF-16LE). A plain
// scan is enough, and cannot be sent into a loop by a crafted directory.
func isEncrypted(r io.Reader) bool {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize))
	if err != nil {
		return false
	}
	return bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage"))
}

func utf16le(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}
