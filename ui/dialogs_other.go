//go:build !windows && !darwin

package ui

import "fyne.io/fyne/v2"

func systemDialogs(w fyne.Window) FileDialogs { return fyneDialogs{w} }
