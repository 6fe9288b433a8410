//go:build !windows

package main

// attachParentConsole is needed only by the Windows GUI build; elsewhere a
// program started from a terminal already writes to it.
func attachParentConsole() {}
