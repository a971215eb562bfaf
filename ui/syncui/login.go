package syncui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/ui/input"
)

// LoginForm asks for the server's address, the user name and the
// password, and signs in through the Sync controller without blocking
// the window. A refusal is shown under the fields, which keep what was
// typed.
type LoginForm struct {
	sync *Sync

	Server   *input.Entry
	User     *input.Entry
	Password *input.Entry
	Message  *widget.Label
	Submit   *widget.Button
	// Cancel closes the dialog (hidden outside ShowLogin).
	Cancel *widget.Button
	// OnDone runs after a successful login.
	OnDone  func()
	content fyne.CanvasObject
	busy    bool
}

// NewLoginForm builds the form, the server field filled with server.
func NewLoginForm(s *Sync, server string) *LoginForm {
	f := &LoginForm{sync: s}
	f.Server = input.NewEntry()
	f.Server.SetPlaceHolder("https://sync.example.vn")
	f.Server.SetText(server)
	f.User = input.NewEntry()
	f.User.SetPlaceHolder(lang.X("login.user.placeholder", "e.g. lan.nguyen"))
	f.Password = input.NewEntry()
	f.Password.Password = true
	f.Password.OnSubmitted = func(string) { f.submit() }
	f.Message = widget.NewLabel("")
	f.Message.Importance = widget.DangerImportance
	f.Message.Wrapping = fyne.TextWrapWord
	f.Message.Hide()
	f.Submit = widget.NewButtonWithIcon(lang.X("login.submit", "Log in"), theme.LoginIcon(), f.submit)
	f.Submit.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.X("login.server", "Server"), f.Server),
		widget.NewFormItem(lang.X("login.user", "User name"), f.User),
		widget.NewFormItem(lang.X("login.password", "Password"), f.Password),
	)
	f.Cancel = widget.NewButton(lang.X("Cancel", "Cancel"), nil)
	f.Cancel.Hide()
	f.content = container.NewVBox(form, f.Message, container.NewHBox(layout.NewSpacer(), f.Cancel, f.Submit))
	return f
}

// Content is the form's root object.
func (f *LoginForm) Content() fyne.CanvasObject { return f.content }

func (f *LoginForm) fail(msg string) {
	f.Message.SetText(msg)
	f.Message.Show()
}

func (f *LoginForm) submit() {
	if f.busy {
		return
	}
	server, user := strings.TrimSpace(f.Server.Text), strings.TrimSpace(f.User.Text)
	switch {
	case server == "":
		f.fail(lang.X("login.error.server", "Type the server's address (ask your administrator)."))
		return
	case user == "" || f.Password.Text == "":
		f.fail(lang.X("login.error.empty", "Type your user name and password."))
		return
	}
	f.busy = true
	f.Submit.Disable()
	f.Message.SetText(lang.X("login.busy", "Logging in…"))
	f.Message.Importance = widget.MediumImportance
	f.Message.Show()
	f.sync.Login(server, user, f.Password.Text, func(err error) {
		f.busy = false
		f.Submit.Enable()
		f.Message.Importance = widget.DangerImportance
		switch {
		case err == nil:
			f.Message.Hide()
			f.Password.SetText("")
			if f.OnDone != nil {
				f.OnDone()
			}
		case errors.Is(err, ErrUnauthorized):
			f.fail(lang.X("login.error.wrong", "Wrong user name or password, or the account is disabled."))
		case errors.Is(err, ErrUnreachable):
			f.fail(lang.X("login.error.unreachable", "Cannot reach the server at {{.Server}}. Check the address and the network.", map[string]any{"Server": server}))
		case errors.Is(err, ErrRateLimited):
			f.fail(lang.X("login.error.rate", "Too many attempts: wait a few minutes and try again."))
		default:
			f.fail(err.Error())
		}
	})
}

// ShowLogin opens the login form in a dialog over win; it closes after a
// successful login.
func ShowLogin(win fyne.Window, s *Sync, server string) *LoginForm {
	f := NewLoginForm(s, server)
	d := dialog.NewCustomWithoutButtons(lang.X("login.title", "Log in to the office server"), f.Content(), win)
	f.OnDone = d.Hide
	f.Cancel.OnTapped = d.Hide
	f.Cancel.Show()
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	if server == "" {
		win.Canvas().Focus(f.Server)
	} else {
		win.Canvas().Focus(f.User)
	}
	return f
}
