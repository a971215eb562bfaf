package syncui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/ui/i18n"
)

// Bar is the status bar at the bottom of the window: sync state, last
// sync time, the offline indicator, the conflicts badge, and the Sync and
// Log in buttons.
type Bar struct {
	sync *Sync

	Icon      *widget.Icon
	Status    *widget.Label
	Progress  *widget.ProgressBarInfinite
	Conflicts *widget.Button
	SyncNow   *widget.Button
	LogIn     *widget.Button
	content   fyne.CanvasObject
}

// NewBar builds the status bar of s. onLogin opens the login form,
// onConflicts the Conflicts screen.
func NewBar(s *Sync, onLogin, onConflicts func()) *Bar {
	b := &Bar{sync: s}
	b.Icon = widget.NewIcon(theme.ConfirmIcon())
	b.Status = widget.NewLabel("")
	b.Status.Truncation = fyne.TextTruncateEllipsis
	b.Progress = widget.NewProgressBarInfinite()
	b.Progress.Stop()
	b.Progress.Hide()
	b.Conflicts = widget.NewButtonWithIcon("", theme.WarningIcon(), onConflicts)
	b.Conflicts.Importance = widget.WarningImportance
	b.Conflicts.Hide()
	b.SyncNow = widget.NewButtonWithIcon(lang.X("sync.now", "Sync"), theme.ViewRefreshIcon(), s.Now)
	b.LogIn = widget.NewButtonWithIcon(lang.X("sync.login", "Log in"), theme.LoginIcon(), onLogin)
	right := container.NewHBox(b.Conflicts, b.LogIn, b.SyncNow)
	b.content = container.NewBorder(widget.NewSeparator(), nil, b.Icon, right, container.NewBorder(nil, nil, nil, b.Progress, b.Status))
	s.Watch(b.show)
	return b
}

// Content is the bar's root object.
func (b *Bar) Content() fyne.CanvasObject { return b.content }

func (b *Bar) show(st State) {
	last := lang.X("sync.never", "never")
	if !st.LastSync.IsZero() {
		last = FormatTime(st.LastSync)
	}
	icon, text := theme.ConfirmIcon(), ""
	switch {
	case !st.LoggedIn:
		icon, text = theme.InfoIcon(), lang.X("sync.status.local", "Working on this computer only: log in to sync with the office")
	case st.Running && st.Progress.Pushing:
		icon, text = theme.ViewRefreshIcon(), lang.X("sync.status.pushing", "Syncing: sent {{.Done}} of {{.Total}} changes…", map[string]any{"Done": i18n.Int(st.Progress.Pushed), "Total": i18n.Int(st.Progress.ToPush)})
	case st.Running:
		icon, text = theme.ViewRefreshIcon(), lang.X("sync.status.pulling", "Syncing: received {{.Count}} records…", map[string]any{"Count": i18n.Int(st.Progress.Pulled)})
	case st.NeedLogin:
		icon, text = theme.WarningIcon(), lang.X("sync.status.login_again", "The server asks you to log in again. Your changes are kept on this computer.")
	case st.Offline:
		icon, text = theme.ErrorIcon(), lang.X("sync.status.offline", "Offline: changes are kept on this computer and sent when the server is back. Last sync: {{.Time}}", map[string]any{"Time": last})
	case st.Err != "":
		icon, text = theme.ErrorIcon(), lang.X("sync.status.failed", "Sync failed: {{.Error}}. Last sync: {{.Time}}", map[string]any{"Error": st.Err, "Time": last})
	default:
		text = lang.X("sync.status.synced", "Synced as {{.Name}} on {{.Server}}. Last sync: {{.Time}}", map[string]any{"Name": st.Identity.Name, "Server": st.Identity.Server, "Time": last})
	}
	b.Icon.SetResource(icon)
	b.Status.SetText(text)
	if st.Running {
		b.Progress.Show()
		b.Progress.Start()
		b.SyncNow.Disable()
	} else {
		b.Progress.Stop()
		b.Progress.Hide()
		b.SyncNow.Enable()
	}
	if st.LoggedIn {
		b.SyncNow.Show()
	} else {
		b.SyncNow.Hide()
	}
	if !st.LoggedIn || st.NeedLogin {
		b.LogIn.Show()
	} else {
		b.LogIn.Hide()
	}
	if st.Conflicts > 0 {
		b.Conflicts.SetText(lang.XN("sync.conflicts.badge", "{{.Count}} conflicts", st.Conflicts, map[string]any{"Count": i18n.Int(st.Conflicts)}))
		b.Conflicts.Show()
	} else {
		b.Conflicts.Hide()
	}
}

// FormatTime writes t the way the status bar and lists show a moment:
// the time alone today, the date and time before.
func FormatTime(t time.Time) string {
	t = t.Local()
	now := time.Now()
	if y, m, d := now.Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}
