package atomicfile

// syncDir does nothing on Windows: folders cannot be opened for flushing
// there, and NTFS journals the rename itself.
func syncDir(string) {}
