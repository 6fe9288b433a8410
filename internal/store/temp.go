package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// OpenTemp opens a throwaway database (the demo's) in a new folder under the
// system's temp folder. remove closes the database first and then deletes the
// folder: Windows refuses to delete a file that is still open.
func OpenTemp(pattern string) (st *Store, remove func() error, err error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("store: creating a temporary folder: %w", err)
	}
	st, err = Open(filepath.Join(dir, "demo.db"))
	if err != nil {
		return nil, nil, errors.Join(err, removeDir(dir))
	}
	return st, func() error { return errors.Join(st.Close(), removeDir(dir)) }, nil
}

// removeAll is os.RemoveAll; a test replaces it.
var removeAll = os.RemoveAll

// removeDir deletes a flat folder. When os.RemoveAll fails (under Wine its
// POSIX-style unlink is "Invalid function", and the demo's folder stayed in
// %TEMP% on every run) each file is deleted on its own, then the folder.
func removeDir(dir string) error {
	if removeAll(dir) == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("store: removing %s: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		errs = append(errs, os.Remove(filepath.Join(dir, e.Name())))
	}
	errs = append(errs, os.Remove(dir))
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: removing %s: %w", dir, err)
	}
	return nil
}
