package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/rules"
	"github.com/dnaplatform/massuploader/internal/template"
)

// groupsStep is step 1: pick a group.
type groupsStep struct {
	search  *widget.Entry
	list    *widget.List
	shown   []app.Group
	details *fyne.Container
	source  *widget.Label
	next    *widget.Button
}

func (u *UI) showGroups() {
	hint := wrappedLabel("Choose the group the new clients join: its reports, completion alerts and invitation e-mail appear here.")
	s := &groupsStep{search: widget.NewEntry(), details: container.NewVBox(hint), source: widget.NewLabel("Loading your groups…")}
	s.search.SetPlaceHolder("Search groups")
	s.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), func() { u.showTemplateStep() })
	s.next.Importance = widget.HighImportance
	s.next.Disable()
	m := groupList{s}
	s.list = &widget.List{Length: m.Length, CreateItem: m.CreateItem, UpdateItem: m.UpdateItem,
		OnSelected: func(i widget.ListItemID) { u.selectGroup(s, s.shown[i]) }}
	s.search.OnChanged = func(q string) { s.filter(u.groups, q) }
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() { u.loadGroups(s) })
	left := container.NewBorder(container.NewVBox(s.search), container.NewVBox(s.source, refresh), nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(s.details))
	split.Offset = 0.35
	u.show(u.frame(0, split, nil, s.next))
	u.loadGroups(s)
}

// groupList is the group list's model: the groups the search shows.
type groupList struct{ s *groupsStep }

// Length is how many groups are shown.
func (m groupList) Length() int { return len(m.s.shown) }

// CreateItem makes a row: the name, and a warning icon.
func (groupList) CreateItem() fyne.CanvasObject {
	return container.NewHBox(widget.NewLabel("group name placeholder"), widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())))
}

// UpdateItem shows a group; a group without completion alerts cannot take an
// import, and its warning shows.
func (m groupList) UpdateItem(i widget.ListItemID, o fyne.CanvasObject) {
	g := m.s.shown[i]
	row := o.(*fyne.Container)
	row.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s  (%d)", g.Name, g.ID))
	if len(g.CompletionAlertEmails) == 0 {
		row.Objects[1].Show()
	} else {
		row.Objects[1].Hide()
	}
}

func (s *groupsStep) filter(all []app.Group, q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	s.shown = s.shown[:0]
	for _, g := range all {
		if q == "" || strings.Contains(strings.ToLower(g.Name), q) || strings.Contains(fmt.Sprint(g.ID), q) {
			s.shown = append(s.shown, g)
		}
	}
	s.list.UnselectAll()
	s.list.Refresh()
}

func (u *UI) loadGroups(s *groupsStep) {
	s.source.SetText("Loading your groups…")
	u.background(func(ctx context.Context) {
		groups, src, err := u.b.Groups(ctx)
		reports, _, rerr := u.b.Reports(ctx)
		fyne.Do(func() {
			if err == nil {
				err = rerr
			}
			if err != nil {
				s.source.SetText(err.Error())
				s.source.Wrapping = fyne.TextWrapWord
				return
			}
			u.groups, u.reports = groups, reports
			s.source.SetText(sourceText("Groups", src))
			s.filter(groups, s.search.Text)
			for i, g := range s.shown {
				if g.ID == u.group.ID {
					s.list.Select(i)
				}
			}
			u.refreshStatus()
			u.markReady()
		})
	})
}

func sourceText(what string, src app.Source) string {
	if src.Live {
		return what + " fresh from the platform."
	}
	return fmt.Sprintf("%s saved %s ago (the platform cannot be reached).", what, ageText(time.Since(src.FetchedAt)))
}

func ageText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

func (u *UI) selectGroup(s *groupsStep, g app.Group) {
	u.group = g
	title := widget.NewLabelWithStyle(g.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{title, widget.NewLabel(fmt.Sprintf("Group ID %d · up to %d clients per import", g.ID, g.MaxClientsPerImport))}
	if len(g.CompletionAlertEmails) == 0 {
		warn := widget.NewLabel("Completion Alerts are not set for this group, so the platform refuses imports to it. " +
			"On the platform, open the group's settings, add an e-mail under Completion Alerts, save, then press Refresh here.")
		warn.Wrapping = fyne.TextWrapWord
		warn.Importance = widget.DangerImportance
		objs = append(objs, widget.NewCard("Cannot import to this group yet", "", warn))
		s.next.Disable()
	} else {
		objs = append(objs, wrappedLabel("Completion alerts go to: "+strings.Join(g.CompletionAlertEmails, ", ")))
		s.next.Enable()
	}
	inv := g.InvitationEmail
	objs = append(objs, wrappedLabel(fmt.Sprintf("Invitations come from \"%s\" with the subject \"%s\".", inv.SenderName, inv.Subject)))
	objs = append(objs, widget.NewLabelWithStyle("Reports this group may use", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, id := range g.ReportIDs {
		line := fmt.Sprintf("%d — not in the catalog", id)
		for _, r := range u.reports {
			if r.ID == id {
				var langs []string
				for _, l := range r.Languages {
					langs = append(langs, rules.LanguageName(l))
				}
				line = fmt.Sprintf("%d  %s  ·  %s  ·  %s", r.ID, r.Name, processLabel(r.Process), strings.Join(langs, ", "))
				if !r.Available {
					line += "  ·  not available"
				}
			}
		}
		objs = append(objs, wrappedLabel(line))
	}
	s.details.Objects = objs
	s.details.Refresh()
}

// processLabel names a report's process and the template column it goes in.
func processLabel(p string) string {
	column := template.Columns[template.CommunicationReport].Letter
	if p == app.ProcessNaturalBehavior {
		column = template.Columns[template.NaturalBehaviorReport].Letter
	}
	return app.ProcessName(p) + " (column " + column + ")"
}
