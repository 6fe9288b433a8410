package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/fileurl"
)

// showTemplateStep is step 2: save the latest template for the group.
func (u *UI) showTemplateStep() {
	info := widget.NewLabel(fmt.Sprintf("Get the latest template for %s: its dropdowns offer only the reports and languages this group allows. "+
		"Fill one row per new client, save it, and come back. Already have a filled file? Go to the next step.", u.group.Name))
	info.Wrapping = fyne.TextWrapWord
	result := widget.NewLabel("")
	result.Wrapping = fyne.TextWrapWord
	var saved string
	open := widget.NewButtonWithIcon("Open", theme.FileApplicationIcon(), func() {
		if saved != "" {
			_ = u.app.OpenURL(fileurl.FromPath(saved))
		}
	})
	open.Hide()
	save := widget.NewButtonWithIcon("Save template…", theme.DocumentSaveIcon(), nil)
	save.Importance = widget.HighImportance
	save.OnTapped = func() {
		name := fmt.Sprintf("Clients for %s.xlsx", u.group.Name)
		u.files.Save(name, func(path string) {
			if path == "" {
				return
			}
			save.Disable()
			result.SetText("Saving…")
			g := u.group
			u.background(func(ctx context.Context) {
				tpl, src, err := u.b.SaveTemplate(ctx, g, path)
				fyne.Do(func() {
					save.Enable()
					if err != nil {
						result.SetText(err.Error())
						return
					}
					saved = path
					result.SetText(fmt.Sprintf("Saved to %s — template %s, %s", path, tpl.Version, lowerFirst(sourceText("template", src))))
					open.Show()
				})
			})
		})
	}
	next := widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), u.showFileStep)
	next.Importance = widget.HighImportance
	content := container.NewVBox(info, container.NewHBox(save, open), result)
	u.show(u.frame(1, content, u.showGroups, next))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
