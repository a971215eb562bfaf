package customers

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/input"
)

// filterSearchLimit bounds the search hits a filtered search looks at
// (the filters then narrow them): more than searchLimit, so a filter over
// a broad query still finds its customers.
const filterSearchLimit = 20000

// filter is what the filter bar asks for; "" fields are "any".
type filter struct {
	stage app.Stage
	tier  app.CustomerTier
	tag   string
	owner string
}

func (f filter) empty() bool { return f == filter{} }

// tiers are the VIP tiers offered, best first.
var tiers = []app.CustomerTier{app.TierVIP1, app.TierVIP2, app.TierVIP3, app.TierLoyal, app.TierRegular, app.TierNew}

// stages are the stages offered.
var stages = []app.Stage{app.StageTarget, app.StageLead, app.StageProspect, app.StageCustomer}

// filterBar is the row of filters under the search box: stage, VIP tier,
// tag (typed; exact, as stored) and owner (not for agents).
type filterBar struct {
	a       *Area
	stage   *widget.Select
	tier    *widget.Select
	tag     *input.Entry
	owner   *widget.Select
	clear   *widget.Button
	owners  []string // user ids in owner.Options order, after "anyone"
	content fyne.CanvasObject
	timer   *time.Timer
}

func newFilterBar(a *Area, withOwner bool) *filterBar {
	b := &filterBar{a: a}
	anyStage := lang.X("customers.filter.stage.any", "Any stage")
	opts := []string{anyStage}
	for _, s := range stages {
		opts = append(opts, stageName(s))
	}
	b.stage = widget.NewSelect(opts, nil)
	b.stage.SetSelectedIndex(0)
	anyTier := lang.X("customers.filter.tier.any", "Any tier")
	opts = []string{anyTier}
	for _, t := range tiers {
		opts = append(opts, tierName(t))
	}
	b.tier = widget.NewSelect(opts, nil)
	b.tier.SetSelectedIndex(0)
	b.tag = input.NewEntry()
	b.tag.SetPlaceHolder(lang.X("customers.filter.tag", "Tag"))
	b.tag.OnChanged = func(string) {
		if b.timer != nil {
			b.timer.Stop()
		}
		b.timer = time.AfterFunc(debounce, func() { a.do(b.changed) })
	}
	b.tag.OnSubmitted = func(string) { b.changed() }
	b.owner = widget.NewSelect([]string{lang.X("customers.filter.owner.any", "Any owner")}, nil)
	b.owner.SetSelectedIndex(0)
	for _, s := range []*widget.Select{b.stage, b.tier, b.owner} {
		s.OnChanged = func(string) { b.changed() }
	}
	b.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), b.reset)
	b.clear.Importance = widget.LowImportance
	cells := []fyne.CanvasObject{b.stage, b.tier, b.tag}
	if withOwner {
		cells = append(cells, b.owner)
	}
	b.content = container.NewBorder(nil, nil, nil, b.clear, container.NewGridWithColumns(len(cells), cells...))
	return b
}

// read is the filter the bar shows.
func (b *filterBar) read() filter {
	var f filter
	if i := b.stage.SelectedIndex(); i > 0 {
		f.stage = stages[i-1]
	}
	if i := b.tier.SelectedIndex(); i > 0 {
		f.tier = tiers[i-1]
	}
	f.tag = strings.TrimSpace(b.tag.Text)
	if i := b.owner.SelectedIndex(); i > 0 && i-1 < len(b.owners) {
		f.owner = b.owners[i-1]
	}
	return f
}

// changed runs the list again when the filter changed.
func (b *filterBar) changed() {
	f := b.read()
	if f == b.a.filter {
		return
	}
	b.a.filter = f
	b.a.runQuery(0)
}

func (b *filterBar) reset() {
	b.stage.SetSelectedIndex(0)
	b.tier.SetSelectedIndex(0)
	b.tag.SetText("")
	b.owner.SetSelectedIndex(0)
	b.changed()
}

// loadOwners fills the owner choice with the store's agents and managers,
// off the UI goroutine.
func (b *filterBar) loadOwners() {
	store, me := b.a.x.Store, b.a.x.Session.UserID
	go func() {
		ids, err := store.SortedIDs(app.KindUser)
		if err != nil {
			return
		}
		var owners, names []string
		_ = store.View(func(r service.Reader) error {
			for _, id := range ids {
				u, err := service.Load[app.User](r, id)
				if err != nil || (u.Role != app.RoleAgent && u.Role != app.RoleManager) {
					continue
				}
				name := u.Name
				if id == me {
					name = lang.X("customers.filter.owner.me", "{{.Name}} (me)", map[string]any{"Name": u.Name})
				}
				owners, names = append(owners, id), append(names, name)
			}
			return nil
		})
		b.a.do(func() {
			sel := b.owner.SelectedIndex()
			b.owners = owners
			b.owner.Options = append([]string{lang.X("customers.filter.owner.any", "Any owner")}, names...)
			if sel >= len(b.owner.Options) {
				sel = 0
			}
			b.owner.SetSelectedIndex(sel)
			b.owner.Refresh()
		})
	}()
}

// filterIDs returns the ids of the customers of f (and of query q when
// not empty) in the list's order: the indexed fields narrow the
// candidates through the store's indexes (segment.Members does the same),
// never by loading every customer. Runs off the UI goroutine.
func (a *Area) filterIDs(f filter, q string) ([]string, error) {
	store := a.x.Store
	var sets []map[string]bool
	err := store.View(func(r service.Reader) error {
		add := func(field string, values ...string) error {
			m := map[string]bool{}
			for _, v := range values {
				ids, err := r.Lookup(app.KindCustomer, field, v)
				if err != nil {
					return err
				}
				for _, id := range ids {
					m[id] = true
				}
			}
			sets = append(sets, m)
			return nil
		}
		if f.stage != "" {
			if err := add("stage", string(f.stage)); err != nil {
				return err
			}
		}
		if f.tier != "" {
			if err := add("tier", string(f.tier)); err != nil {
				return err
			}
		}
		if f.tag != "" {
			tags := []string{f.tag}
			if l := strings.ToLower(f.tag); l != f.tag {
				tags = append(tags, l)
			}
			if err := add("tags", tags...); err != nil {
				return err
			}
		}
		if f.owner != "" {
			if err := add("owner_id", f.owner); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The smallest set first: most candidates fail it.
	slices.SortFunc(sets, func(x, y map[string]bool) int { return len(x) - len(y) })
	var cand []string
	if q == "" {
		cand, err = a.svc.SortedIDs()
	} else {
		cand, err = store.Search(app.KindCustomer, q, filterSearchLimit)
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, min(len(cand), len(sets[0])))
	for _, id := range cand {
		in := true
		for _, m := range sets {
			if !m[id] {
				in = false
				break
			}
		}
		if in {
			out = append(out, id)
			if q != "" && len(out) >= searchLimit {
				break
			}
		}
	}
	return out, nil
}

// tierName is the translated name of a VIP tier.
func tierName(t app.CustomerTier) string {
	switch t {
	case app.TierVIP1:
		return lang.X("customers.tier.vip1", "VIP 1")
	case app.TierVIP2:
		return lang.X("customers.tier.vip2", "VIP 2")
	case app.TierVIP3:
		return lang.X("customers.tier.vip3", "VIP 3")
	case app.TierLoyal:
		return lang.X("customers.tier.loyal", "Loyal")
	case app.TierRegular:
		return lang.X("customers.tier.regular", "Regular")
	case app.TierNew:
		return lang.X("customers.tier.new", "New")
	}
	return string(t)
}
