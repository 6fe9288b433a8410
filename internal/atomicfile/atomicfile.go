// Package atomicfile writes the files the app hands to people so that a
// reader sees either the old file or the whole new one, never half of one.
//
// The content goes to a file made by os.CreateTemp beside the target (an
// unpredictable name, opened with O_EXCL, so a symlink planted in the folder
// is never followed), is flushed to disk, gets the requested mode and is then
// renamed over the target. When anything fails, the temporary file is removed
// and the target is left as it was: no empty or partial file, no stray temp.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Mode is the mode of files people open: readable by others, never
// executable (excelize's own SaveAs creates files 0777 minus the umask).
const Mode os.FileMode = 0o644

// Write calls write with a temporary file beside path and, when it and the
// flush succeed, renames that file to path with the given mode.
func Write(path string, mode os.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Chmod on the open file: the mode is set before the name exists, and the
	// umask (which CreateTemp's 0600 already satisfies) does not apply.
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving %s (is it open in another program?): %w", path, err)
	}
	syncDir(dir)
	return nil
}

// WriteFile writes data to path atomically with the given mode.
func WriteFile(path string, data []byte, mode os.FileMode) error {
	return Write(path, mode, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Copy copies the file from to the path to, atomically, with the given mode.
func Copy(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	return Write(to, mode, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// Keep writes data to a new file of its own beside path (named after it, with
// an unpredictable part) and returns that file's name: a backup that no other
// file can be mistaken for and no planted symlink can redirect.
func Keep(path string, data []byte, mode os.FileMode) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, base+".*.bak")
	if err != nil {
		return "", fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	_, err = io.Copy(f, bytes.NewReader(data))
	err = errors.Join(err, f.Chmod(mode), f.Sync(), f.Close())
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("keeping a copy of %s: %w", path, err)
	}
	return f.Name(), nil
}
