//go:build !windows

package atomicfile

import "os"

// syncDir flushes the folder's entry for the renamed file, so that after a
// power cut the name points at the new content. Failing to is not an error:
// the file itself is complete either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
