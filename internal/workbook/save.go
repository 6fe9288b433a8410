package workbook

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/xuri/excelize/v2"
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
// content is no longer readSHA, keeps a .bak copy until the save succeeded,
// and replaces the file in one rename. It returns the new content's SHA-256.
func SaveEdits(path, sheet, readSHA string, edits []CellEdit, removeRows []int) (string, error) {
	now, err := SHA256(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if now != readSHA {
		return "", ErrChangedOnDisk
	}
	bak := path + ".bak"
	if err := copyFile(path, bak); err != nil {
		return "", fmt.Errorf("keeping a copy of %s: %w", path, err)
	}
	f, err := excelize.OpenFile(path, ExcelizeOptions())
	if err != nil {
		return "", fmt.Errorf("opening %s: %w", path, err)
	}
	for _, e := range edits {
		if err := f.SetCellStr(sheet, e.Cell, e.Value); err != nil {
			f.Close()
			return "", fmt.Errorf("writing %s: %w", e.Cell, err)
		}
	}
	// Rows go bottom-up, so the numbers of the rows still to remove hold.
	remove := slices.Clone(removeRows)
	slices.Sort(remove)
	for i := len(remove) - 1; i >= 0; i-- {
		if err := f.RemoveRow(sheet, remove[i]); err != nil {
			f.Close()
			return "", fmt.Errorf("removing row %d: %w", remove[i], err)
		}
	}
	if err := shrinkDimension(f, sheet, remove); err != nil {
		f.Close()
		return "", fmt.Errorf("removing rows: %w", err)
	}
	tmp := path + ".saving.xlsx"
	err = f.SaveAs(tmp)
	f.Close()
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("saving %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("replacing %s (is it open in another program?): %w; your original is in %s", path, err, bak)
	}
	os.Remove(bak)
	return SHA256(path)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
