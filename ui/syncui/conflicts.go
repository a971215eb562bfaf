package syncui

import (
	"encoding/json"
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
)

// Conflicts is the screen listing the conflict log, newest first: each
// field whose value written here lost to a newer one, with both values,
// a button that writes the losing value again and one that shows the
// record's history.
type Conflicts struct {
	sync *Sync
	win  fyne.Window

	List  *widget.List
	Empty *widget.Label
	// Items is the list shown (UI goroutine).
	Items   []Conflict
	content fyne.CanvasObject
	gen     int
}

// NewConflicts builds the screen and loads the log in the background.
func NewConflicts(s *Sync, win fyne.Window) *Conflicts {
	c := &Conflicts{sync: s, win: win}
	c.List = widget.NewList(
		func() int { return len(c.Items) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			values := widget.NewLabel("")
			values.Wrapping = fyne.TextWrapWord
			restore := widget.NewButtonWithIcon(lang.X("conflicts.restore", "Restore my value"), theme.ContentUndoIcon(), nil)
			history := widget.NewButtonWithIcon(lang.X("conflicts.history", "History"), theme.HistoryIcon(), nil)
			return container.NewBorder(title, nil, nil, container.NewVBox(restore, history), values)
		},
		c.updateRow,
	)
	c.Empty = widget.NewLabel(lang.X("conflicts.empty", "No conflicts: every value written on this computer was kept."))
	c.Empty.Alignment = fyne.TextAlignCenter
	c.Empty.Hide()
	head := widget.NewLabel(lang.X("conflicts.help", "When the same field was changed here and on another computer, the newer change wins. Your value is kept here: restore it to send it again."))
	head.Wrapping = fyne.TextWrapWord
	c.content = container.NewBorder(head, nil, nil, nil, container.NewStack(c.List, container.NewCenter(c.Empty)))
	c.Reload()
	return c
}

// Content implements shell.Screen.
func (c *Conflicts) Content() fyne.CanvasObject { return c.content }

// Reload reads the log again (after a sync).
func (c *Conflicts) Reload() {
	c.gen++
	gen := c.gen
	go func() {
		list, err := c.sync.backend.Conflicts()
		slices.Reverse(list)
		c.sync.do(func() {
			if gen != c.gen {
				return
			}
			if err != nil {
				dialog.ShowError(err, c.win)
				return
			}
			c.Items = list
			c.Empty.Hidden = len(list) > 0
			c.Empty.Refresh()
			c.List.Refresh()
		})
	}()
}

func (c *Conflicts) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(c.Items) {
		return
	}
	it := c.Items[i]
	box := o.(*fyne.Container)
	values := box.Objects[0].(*widget.Label)
	title := box.Objects[1].(*widget.Label)
	buttons := box.Objects[2].(*fyne.Container)
	restore, history := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
	name := it.Record
	if name == "" {
		name = it.ID
	}
	title.SetText(lang.X("conflicts.title", "{{.Kind}} {{.Name}}: {{.Field}}", map[string]any{"Kind": KindName(it.Kind), "Name": name, "Field": it.Field}))
	kept := lang.X("conflicts.kept", "Kept: {{.Value}} (from {{.Device}}, {{.Time}})", map[string]any{"Value": Value(it.Kept), "Device": it.KeptBy, "Time": FormatTime(it.KeptAt)})
	if it.Kept == "" || it.Kept == "null" {
		kept = lang.X("conflicts.kept_hidden", "A newer value was kept ({{.Time}}), which you may not read.", map[string]any{"Time": FormatTime(it.KeptAt)})
	}
	values.SetText(lang.X("conflicts.mine", "Yours: {{.Value}} ({{.Time}})", map[string]any{"Value": Value(it.Mine), "Time": FormatTime(it.MineAt)}) + "\n" + kept)
	if it.Restored {
		restore.SetText(lang.X("conflicts.restored", "Restored"))
		restore.Disable()
	} else {
		restore.SetText(lang.X("conflicts.restore", "Restore my value"))
		restore.Enable()
	}
	restore.OnTapped = func() { c.Restore(it.Seq) }
	history.OnTapped = func() { ShowHistory(c.win, c.sync, it.Kind, it.ID, it.Record) }
	c.List.SetItemHeight(i, o.MinSize().Height)
}

// Restore writes the losing value of conflict seq again, in the
// background, then reloads the list, tells the screens the data changed
// and starts a sync to send it.
func (c *Conflicts) Restore(seq uint64) {
	go func() {
		err := c.sync.backend.Restore(seq)
		c.sync.do(func() {
			if err != nil && !errors.Is(err, app.ErrConflict) {
				dialog.ShowError(err, c.win)
			}
			c.Reload()
			c.sync.RefreshConflicts()
			if c.sync.OnData != nil {
				c.sync.OnData()
			}
			c.sync.Now()
		})
	}()
}

// Value writes a field's JSON value for people: a string without its
// quotes, "—" for nothing, other JSON as it is.
func Value(raw string) string {
	if raw == "" || raw == "null" || raw == `""` {
		return "—"
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err == nil {
		return s
	}
	return raw
}

// KindName is the name of a kind of record in the current language.
func KindName(k app.Kind) string {
	return lang.X("kind."+string(k), string(k))
}
