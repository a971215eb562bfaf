package syncui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
)

// History is a record's history as shown in its dialog.
type History struct {
	Status  *widget.Label
	List    *widget.List
	Entries []HistoryEntry
	Dialog  dialog.Dialog
}

// ShowHistory opens a dialog over win with the server's history of the
// record kind/id (name titles it), loaded in the background: every
// accepted change of every field, who made it, on which computer, when.
// Offline, the dialog says the history needs the server.
func ShowHistory(win fyne.Window, s *Sync, kind app.Kind, id, name string) *History {
	h := &History{}
	h.Status = widget.NewLabel(lang.X("history.loading", "Asking the server…"))
	h.Status.Wrapping = fyne.TextWrapWord
	h.List = widget.NewList(
		func() int { return len(h.Entries) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(h.Entries) {
				return
			}
			e := h.Entries[i]
			who := e.User
			if who == "" {
				who = lang.X("history.server", "the server")
			}
			line := lang.X("history.entry", "{{.Time}} · {{.User}} on {{.Device}} · {{.Field}}: {{.Old}} → {{.New}}",
				map[string]any{"Time": FormatTime(e.At), "User": who, "Device": e.Device, "Field": e.Field, "Old": Value(e.Old), "New": Value(e.New)})
			if e.Superseded {
				line = lang.X("history.superseded", "{{.Time}} · {{.User}} on {{.Device}} · {{.Field}}: sent {{.New}}, not kept (a newer {{.Old}} was already there)",
					map[string]any{"Time": FormatTime(e.At), "User": who, "Device": e.Device, "Field": e.Field, "Old": Value(e.Old), "New": Value(e.New)})
			}
			o.(*widget.Label).SetText(line)
			h.List.SetItemHeight(i, o.MinSize().Height)
		},
	)
	if name == "" {
		name = id
	}
	title := lang.X("history.title", "History of {{.Kind}} {{.Name}}", map[string]any{"Kind": KindName(kind), "Name": name})
	h.Dialog = dialog.NewCustom(title, lang.X("history.close", "Close"), container.NewBorder(h.Status, nil, nil, nil, h.List), win)
	h.Dialog.Resize(fyne.NewSize(720, 460))
	h.Dialog.Show()
	go func() {
		entries, err := s.backend.History(context.Background(), kind, id)
		s.do(func() {
			switch {
			case err == nil && len(entries) == 0:
				h.Status.SetText(lang.X("history.empty", "The server has no change of this record yet: it was never synced."))
			case err == nil:
				h.Entries = entries
				h.Status.SetText(lang.XN("history.count", "{{.Count}} changes", len(entries), map[string]any{"Count": len(entries)}))
				h.List.Refresh()
			case errors.Is(err, ErrUnreachable), errors.Is(err, ErrNotLoggedIn):
				h.Status.SetText(lang.X("history.offline", "The history is kept on the server: connect and log in to see it."))
			case errors.Is(err, app.ErrNotFound):
				h.Status.SetText(lang.X("history.empty", "The server has no change of this record yet: it was never synced."))
			default:
				h.Status.SetText(err.Error())
			}
		})
	}()
	return h
}
