package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/ui/i18n"
)

// DemoLoader fills the store with demo data. It runs off the UI
// goroutine and reports progress through progress (from any goroutine,
// done out of total steps); it returns nil once everything is stored.
type DemoLoader func(progress func(done, total int)) error

// Demo is the offer to load demo data into an empty store.
type Demo struct {
	// Customers is how many customers Load creates (for the question).
	Customers int
	Load      DemoLoader
}

// OfferDemo (called by Start) asks, when the store holds no customer, whether to load demo
// data, and loads it with a progress bar without blocking the window.
// The emptiness check runs off the UI goroutine too. It does nothing
// without Services.Demo.
func (sh *Shell) OfferDemo() {
	s := sh.services
	if s.Demo == nil || s.Demo.Load == nil || s.CountCustomers == nil {
		return
	}
	go func() {
		n, err := s.CountCustomers()
		if err != nil || n > 0 {
			return
		}
		fyne.Do(func() {
			msg := lang.X("demo.question", "Your store is empty. Load demo data ({{.Count}} customers)?", map[string]any{"Count": i18n.Int(s.Demo.Customers)})
			dialog.ShowConfirm(lang.X("demo.title", "Demo data"), msg, func(ok bool) {
				if ok {
					sh.loadDemo()
				}
			}, sh.win)
		})
	}()
}

func (sh *Shell) loadDemo() {
	bar := widget.NewProgressBar()
	status := widget.NewLabel(lang.X("demo.loading", "Creating customers, tours and bookings…"))
	d := dialog.NewCustomWithoutButtons(lang.X("demo.title", "Demo data"), container.NewVBox(status, bar), sh.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	load := sh.services.Demo.Load
	go func() {
		err := load(func(done, total int) {
			fyne.Do(func() {
				if total > 0 {
					bar.SetValue(float64(done) / float64(total))
				}
			})
		})
		fyne.Do(func() {
			d.Hide()
			if err != nil {
				dialog.ShowError(err, sh.win)
			}
			sh.Reload()
		})
	}()
}
