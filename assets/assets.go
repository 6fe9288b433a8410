// Package assets embeds the app's icon and other resources.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon (icon.svg rendered at 512 px).
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
