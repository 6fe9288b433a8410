package workbook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/atomicfile"
	"github.com/dnaplatform/massuploader/internal/cellguard"
)

// CellEdit is a new value for one cell of the rows' sheet.
type CellEdit struct {
	Cell  string // like "C7"
	Value string
}

// ErrChangedOnDisk means the file is not the one that was read: someone (or
// Excel) saved it since. Nothing was written.
var ErrChangedOnDisk = errors.New("the file changed on disk since it was read")

// SHA256 returns the hex SHA-256 of a file's content.
func SHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SaveEdits writes only the edited cells into an .xlsx (and removes the rows
// named, after the edits), keeping every other
// sheet, style, width, comment and data validation. It refuses when the file's
// content is no longer readSHA, keeps a backup beside it (under a name of its
// own, never a fixed one a symlink could be planted at) until the save
// succeeded, and replaces the file in one rename. The file keeps its
// permissions, less any execute bit (excelize's own SaveAs made workbooks
// 0755). It returns the new content's SHA-256.
func SaveEdits(path, sheet, readSHA string, edits []CellEdit, removeRows []int) (string, error) {
	// The bytes checked are the bytes edited and backed up: nothing can slip in
	// between the check and the read.
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if sha256Hex(data) != readSHA {
		return "", ErrChangedOnDisk
	}
	mode := atomicfile.Mode
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm() &^ 0o111
	}
	bak, err := atomicfile.Keep(path, data, mode)
	if err != nil {
		return "", err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), ExcelizeOptions())
	if err != nil {
		os.Remove(bak)
		return "", fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	// The content type follows the file's own extension (.xlsx or .xlsm).
	f.Path = path
	if err := applyEdits(f, sheet, edits, removeRows); err != nil {
		os.Remove(bak)
		return "", err
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		os.Remove(bak)
		return "", fmt.Errorf("saving %s: %w", path, err)
	}
	// Excel (or a sync client) may have saved the file while it was edited here.
	if now, err := SHA256(path); err != nil || now != readSHA {
		os.Remove(bak)
		return "", ErrChangedOnDisk
	}
	if err := atomicfile.WriteFile(path, out.Bytes(), mode); err != nil {
		return "", fmt.Errorf("%w; your original is in %s", err, bak)
	}
	os.Remove(bak)
	return sha256Hex(out.Bytes()), nil
}

// applyEdits writes the edits, each guarded as text, then removes the rows.
func applyEdits(f *excelize.File, sheet string, edits []CellEdit, removeRows []int) error {
	for _, e := range edits {
		if err := f.SetCellStr(sheet, e.Cell, cellguard.Quote(e.Value)); err != nil {
			return fmt.Errorf("writing %s: %w", e.Cell, err)
		}
	}
	// Rows go bottom-up, so the numbers of the rows still to remove hold.
	remove := slices.Clone(removeRows)
	slices.Sort(remove)
	for i := len(remove) - 1; i >= 0; i-- {
		if err := f.RemoveRow(sheet, remove[i]); err != nil {
			return fmt.Errorf("removing row %d: %w", remove[i], err)
		}
	}
	if err := shrinkDimension(f, sheet, remove); err != nil {
		return fmt.Errorf("removing rows: %w", err)
	}
	return nil
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
