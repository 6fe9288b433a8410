package app

import "github.com/dnaplatform/massuploader/internal/atomicfile"

// writeFile is the one way this package writes a file people open:
// atomically, beside the target and renamed, readable by others.
func writeFile(path string, data []byte) error {
	return atomicfile.WriteFile(path, data, atomicfile.Mode)
}

// copyFile copies a workbook to a new place, atomically, readable by others.
func copyFile(from, to string) error {
	return atomicfile.Copy(from, to, atomicfile.Mode)
}
