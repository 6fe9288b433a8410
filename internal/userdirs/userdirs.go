// Package userdirs names the folders where people keep their files.
package userdirs

import (
	"os"
	"path/filepath"
)

// Documents is where the file dialogs start: the user's Documents folder
// (%USERPROFILE%\Documents on Windows, ~/Documents on macOS), else the home
// folder, else "" (the dialog's own default).
func Documents() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return documentsIn(home)
}

func documentsIn(home string) string {
	docs := filepath.Join(home, "Documents")
	if fi, err := os.Stat(docs); err == nil && fi.IsDir() {
		return docs
	}
	return home
}
