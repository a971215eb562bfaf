package tours

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/phone"
	"github.com/tourdesk/tourdesk/app/service"
	"github.com/tourdesk/tourdesk/ui/i18n"
	"github.com/tourdesk/tourdesk/ui/input"
	"github.com/tourdesk/tourdesk/ui/internal/format"
)

// pageSize is how many departure rows one background load fetches.
const pageSize = 50

// depRow is one departure of the list with its derived seats.
type depRow struct {
	dep    *app.Departure
	tour   string
	seats  service.SeatState
	guides string
	err    error
}

// departures is the Departures tab: the list by date and the detail.
type departures struct {
	a       *Area
	count   *widget.Label
	list    *widget.List
	ids     []string
	rows    map[string]*depRow
	pending map[int]bool
	listGen int
	// shownGen is the list load shown (tests wait on it).
	shownGen, loadGen int

	detail    *depDetail
	newButton *widget.Button
	form      *depForm
	content   fyne.CanvasObject
}

func newDepartures(a *Area) *departures {
	d := &departures{a: a, rows: map[string]*depRow{}, pending: map[int]bool{}}
	d.count = widget.NewLabel(lang.X("tours.loading", "Loading…"))
	d.count.TextStyle.Italic = true
	d.list = widget.NewList(func() int { return len(d.ids) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("DAD-2026-12-01 · Đà Nẵng – Hội An 4 ngày 3 đêm")
			t.TextStyle.Bold = true
			t.Truncation = fyne.TextTruncateEllipsis
			s := widget.NewLabel("2026-12-01 → 2026-12-04 · Confirmed · Võ Văn Gia")
			s.Truncation = fyne.TextTruncateEllipsis
			n := widget.NewLabel("18/20 taken, 2 left · minimum 10 reached")
			n.Truncation = fyne.TextTruncateEllipsis
			return container.New(layout.NewCustomPaddedVBoxLayout(0), t, s, n)
		}, d.updateRow)
	d.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(d.ids) {
			d.detail.show(d.ids[i])
		}
	}
	d.detail = newDepDetail(a, d)
	d.newButton = widget.NewButtonWithIcon(lang.X("tours.dep.new", "New departure"), theme.ContentAddIcon(), d.onNewDeparture)
	d.newButton.Importance = widget.HighImportance
	if !a.operates() {
		d.newButton.Hide()
	}
	left := container.NewBorder(container.NewBorder(nil, nil, nil, d.newButton, d.count), nil, nil, nil, d.list)
	split := container.NewHSplit(left, d.detail.content)
	split.Offset = 0.42
	d.content = split
	return d
}

// reload lists every departure by start date, scrolled to the first
// that has not started yet.
func (d *departures) reload() {
	d.loadGen++
	gen := d.loadGen
	if d.a.store == nil { // a shell built without a store (tests of the shell)
		d.shownGen = gen
		d.count.SetText(lang.X("tours.departures.empty", "No departures yet."))
		return
	}
	go func() {
		ids, err := d.a.store.SortedIDs(app.KindDeparture)
		first := -1
		if err == nil {
			// The first departure starting today or later, found by
			// bisection over the sorted ids (start dates read as needed).
			today := d.a.today()
			lo, hi := 0, len(ids)
			for lo < hi {
				mid := (lo + hi) / 2
				dep, lerr := service.Load[app.Departure](d.a.store, ids[mid])
				if lerr == nil && dep.StartDate.Before(today) {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			first = lo
		}
		d.a.do(func() {
			if gen != d.loadGen {
				return
			}
			d.shownGen = gen
			if err != nil {
				d.count.SetText(lang.X("tours.error.load", "Could not load departures: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			d.ids = ids
			d.listGen++
			d.rows = map[string]*depRow{}
			d.pending = map[int]bool{}
			if len(ids) == 0 {
				d.count.SetText(lang.X("tours.departures.empty", "No departures yet."))
			} else {
				d.count.SetText(lang.X("tours.departures.count", "{{.Count}} departures, by date", map[string]any{"Count": i18n.Int(len(ids))}))
			}
			d.list.Refresh()
			if first >= 0 && first < len(ids) && d.detail.id == "" {
				// From the bottom, so that the first departure not yet
				// started comes to the top.
				d.list.ScrollToBottom()
				d.list.ScrollTo(first)
			}
			if d.detail.id != "" {
				d.detail.show(d.detail.id)
			}
		})
	}()
}

func (d *departures) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	title, sub, seats := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label), box.Objects[2].(*widget.Label)
	if i < 0 || i >= len(d.ids) {
		return
	}
	r, ok := d.rows[d.ids[i]]
	if !ok {
		title.SetText("…")
		sub.SetText("")
		seats.SetText("")
		d.fetchPage(i / pageSize)
		return
	}
	if r.err != nil || r.dep == nil {
		title.SetText("—")
		sub.SetText("")
		seats.SetText("")
		return
	}
	title.SetText(strings.TrimSpace(r.dep.Code + " · " + r.tour))
	sub.SetText(format.JoinNonEmpty(" · ", format.Dates(r.dep.StartDate, r.dep.EndDate), statusName(r.dep.Status), r.guides))
	seats.SetText(format.JoinNonEmpty(" · ", seatsText(r.seats), minimumText(r.seats), waitlistText(r.seats)))
}

// seatsText is "18/20 taken, 2 left" (or "overbooked by 2").
func seatsText(s service.SeatState) string {
	if s.Departure == nil {
		return ""
	}
	args := map[string]any{"Taken": s.Taken, "Capacity": s.Departure.Capacity, "Left": s.Left, "Over": -s.Left}
	if s.Left < 0 {
		return lang.X("tours.seats.over", "{{.Taken}}/{{.Capacity}} taken, overbooked by {{.Over}}", args)
	}
	return lang.X("tours.seats", "{{.Taken}}/{{.Capacity}} taken, {{.Left}} left", args)
}

func minimumText(s service.SeatState) string {
	if s.Departure == nil || s.Departure.MinTravelers == 0 {
		return ""
	}
	if s.ReachedMinimum {
		return lang.X("tours.min.reached", "minimum {{.Min}} reached", map[string]any{"Min": s.Departure.MinTravelers})
	}
	return lang.X("tours.min.not_reached", "below minimum {{.Min}}", map[string]any{"Min": s.Departure.MinTravelers})
}

// fetchPage loads one page of rows (departure, tour, seats, guides) in
// the background, once per list.
func (d *departures) fetchPage(page int) {
	if d.pending[page] {
		return
	}
	d.pending[page] = true
	gen := d.listGen
	lo, hi := page*pageSize, min(len(d.ids), (page+1)*pageSize)
	ids := d.ids[lo:hi]
	go func() {
		rows := make([]*depRow, len(ids))
		err := d.a.store.View(func(r service.Reader) error {
			names := map[string]string{}
			for i, id := range ids {
				rows[i] = loadDepRow(r, id, names)
			}
			return nil
		})
		d.a.do(func() {
			if gen != d.listGen {
				return
			}
			if err != nil {
				d.count.SetText(lang.X("tours.error.load", "Could not load departures: {{.Error}}", map[string]any{"Error": err.Error()}))
				return
			}
			for i, id := range ids {
				d.rows[id] = rows[i]
			}
			d.list.Refresh()
		})
	}()
}

// loadDepRow reads departure id with its tour's name, seats and guides'
// names (names caches tour and user names across a page).
func loadDepRow(r service.Reader, id string, names map[string]string) *depRow {
	row := &depRow{}
	st, err := service.Seats(r, id)
	if err != nil {
		row.err = err
		return row
	}
	row.dep, row.seats = st.Departure, st
	row.dep.ID = id
	row.tour = cachedName(r, names, app.KindTour, row.dep.TourID)
	var g []string
	for _, uid := range row.dep.GuideIDs {
		if n := cachedName(r, names, app.KindUser, uid); n != "" {
			g = append(g, n)
		}
	}
	row.guides = strings.Join(g, ", ")
	return row
}

func cachedName(r service.Reader, names map[string]string, kind app.Kind, id string) string {
	if id == "" {
		return ""
	}
	key := string(kind) + "/" + id
	if n, ok := names[key]; ok {
		return n
	}
	n := ""
	switch kind {
	case app.KindTour:
		if t, err := service.Load[app.Tour](r, id); err == nil {
			n = t.Name
		}
	case app.KindUser:
		if u, err := service.Load[app.User](r, id); err == nil {
			n = u.Name
		}
	case app.KindPartner:
		if p, err := service.Load[app.Partner](r, id); err == nil {
			n = p.Name
		}
	}
	names[key] = n
	return n
}

// depDetail is one departure's detail.
type depDetail struct {
	a    *Area
	list *departures
	id   string
	gen  int
	// shown is the load shown (tests wait on it).
	shown int
	data  *depData

	header   *widget.Label
	message  *widget.Label
	status   *fyne.Container
	guides   *widget.Label
	guideSel *widget.Select
	guideIDs []string
	addGuide *widget.Button
	rmGuide  *widget.Button
	meetAt   *widget.Entry
	meetPt   *widget.Entry
	meetSave *widget.Button
	orders   *widget.List
	orderRow map[*fyne.Container]*orderRowWidgets
	order    *orderForm
	group    *widget.List
	groupHdr *widget.Label
	printBox *fyne.Container
	printMsg *widget.Label
	printing bool
	body     fyne.CanvasObject
	none     *widget.Label
	content  fyne.CanvasObject
}

// depData is what the detail shows, loaded in one read transaction.
type depData struct {
	row      *depRow
	orders   []*app.ServiceOrder
	partners map[string]string
	members  []service.GroupMember
	guides   []*app.User
	allPart  []*app.Partner
	currency string
}

func newDepDetail(a *Area, list *departures) *depDetail {
	dd := &depDetail{a: a, list: list, orderRow: map[*fyne.Container]*orderRowWidgets{}}
	dd.header = widget.NewLabel("")
	dd.header.TextStyle.Bold = true
	dd.header.Wrapping = fyne.TextWrapWord
	dd.message = input.NewProblemLabel()
	dd.status = container.NewHBox()

	dd.guides = widget.NewLabel("")
	dd.guides.Wrapping = fyne.TextWrapWord
	dd.guideSel = widget.NewSelect(nil, nil)
	dd.guideSel.PlaceHolder = lang.X("tours.guide.pick", "Choose a guide")
	dd.addGuide = widget.NewButton(lang.X("tours.guide.add", "Assign"), func() { dd.setGuide(false) })
	dd.rmGuide = widget.NewButton(lang.X("tours.guide.remove", "Take off"), func() { dd.setGuide(true) })
	dd.meetAt = widget.NewEntry()
	dd.meetAt.SetPlaceHolder(lang.X("tours.meeting.time", "Time, e.g. 05:30"))
	dd.meetPt = widget.NewEntry()
	dd.meetPt.SetPlaceHolder(lang.X("tours.meeting.point", "Meeting point"))
	dd.meetSave = widget.NewButton(lang.X("tours.meeting.save", "Save meeting"), dd.saveMeeting)
	dd.meetPt.OnSubmitted = func(string) { dd.saveMeeting() }
	dd.meetAt.OnSubmitted = func(string) { dd.saveMeeting() }

	dd.orders = widget.NewList(func() int {
		if dd.data == nil {
			return 0
		}
		return len(dd.data.orders)
	}, dd.newOrderRow, dd.updateOrderRow)
	dd.order = newOrderForm(dd)

	dd.groupHdr = widget.NewLabel("")
	dd.group = widget.NewList(func() int {
		if dd.data == nil {
			return 0
		}
		return len(dd.data.members)
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("Nguyễn Văn An · adult · 0901 234 567 · twin with Trần Thị Bình · C1234567")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if dd.data != nil && i < len(dd.data.members) {
			o.(*widget.Label).SetText(dd.memberText(dd.data.members[i]))
		}
	})
	dd.printMsg = widget.NewLabel("")
	dd.printMsg.Wrapping = fyne.TextWrapWord
	dd.printMsg.Hide()
	dd.printBox = container.NewHBox(
		widget.NewButton(lang.X("tours.print.grouplist", "Print group list"), func() { dd.print(docGroupList, dd.id) }),
		widget.NewButton(lang.X("tours.print.roominglist", "Print rooming list"), func() { dd.print(docRoomingList, dd.id) }),
	)
	if a.printer == nil {
		dd.printBox.Hide()
	}

	section := func(key, fallback string) *widget.Label {
		return widget.NewLabelWithStyle(lang.X(key, fallback), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	guideRow := container.NewBorder(nil, nil, nil, container.NewHBox(dd.addGuide, dd.rmGuide), dd.guideSel)
	meetRow := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(110, dd.meetAt.MinSize().Height), dd.meetAt), dd.meetSave, dd.meetPt)
	ops := container.NewVBox(
		section("tours.section.guides", "Guides"), dd.guides, guideRow,
		section("tours.section.meeting", "Group meeting"), meetRow,
	)
	if !a.operates() {
		guideRow.Hide()
		dd.meetAt.Disable()
		dd.meetPt.Disable()
		dd.meetSave.Hide()
	}
	ordersTab := container.NewBorder(dd.order.content, nil, nil, nil, dd.orders)
	if !a.operates() {
		dd.order.content.Hide()
	}
	groupTab := container.NewBorder(container.NewVBox(dd.groupHdr, dd.printBox, dd.printMsg), nil, nil, nil, dd.group)
	tabs := container.NewAppTabs()
	if a.seesOrders() {
		tabs.Append(container.NewTabItem(lang.X("tours.section.orders", "Service orders"), ordersTab))
	}
	if a.seesGroup() {
		tabs.Append(container.NewTabItem(lang.X("tours.section.group", "Group & rooming list"), groupTab))
	}
	top := container.NewVBox(dd.header, dd.status, dd.message, ops)
	if len(tabs.Items) > 0 {
		dd.body = container.NewBorder(top, nil, nil, nil, tabs)
	} else {
		dd.body = container.NewBorder(top, nil, nil, nil, layout.NewSpacer())
	}
	dd.body.Hide()
	dd.none = widget.NewLabel(lang.X("tours.departure.none", "Select a departure to see its seats, guides, service orders and group."))
	dd.none.Wrapping = fyne.TextWrapWord
	dd.content = container.NewStack(container.NewPadded(dd.none), container.NewPadded(dd.body))
	return dd
}

// show loads departure id in the background and shows it unless another
// was selected meanwhile.
func (dd *depDetail) show(id string) {
	dd.id = id
	dd.gen++
	gen := dd.gen
	a := dd.a
	go func() {
		data := &depData{partners: map[string]string{}}
		err := a.store.View(func(r service.Reader) error {
			names := map[string]string{}
			data.row = loadDepRow(r, id, names)
			if data.row.err != nil {
				return data.row.err
			}
			var err error
			if data.currency, err = service.DepartureCurrency(r, id); err != nil {
				return err
			}
			if a.seesOrders() {
				ids, err := r.Lookup(app.KindServiceOrder, "departure_id", id)
				if err != nil {
					return err
				}
				for _, oid := range ids {
					o, err := service.Load[app.ServiceOrder](r, oid)
					if err != nil {
						continue
					}
					o.ID = oid
					data.orders = append(data.orders, o)
					data.partners[o.PartnerID] = cachedName(r, names, app.KindPartner, o.PartnerID)
				}
			}
			if a.seesGroup() {
				if data.members, err = service.GroupList(r, id); err != nil {
					return err
				}
			}
			if a.operates() {
				uids, err := r.Lookup(app.KindUser, "role", string(app.RoleGuide))
				if err != nil {
					uids, _ = a.store.SortedIDs(app.KindUser)
				}
				for _, uid := range uids {
					if u, err := service.Load[app.User](r, uid); err == nil && u.Role == app.RoleGuide && (u.Active || slices.Contains(data.row.dep.GuideIDs, uid)) {
						u.ID = uid
						data.guides = append(data.guides, u)
					}
				}
				slices.SortFunc(data.guides, func(x, y *app.User) int { return cmp.Compare(x.Name, y.Name) })
				pids, err := a.store.SortedIDs(app.KindPartner)
				if err != nil {
					return err
				}
				for _, pid := range pids {
					if p, err := service.Load[app.Partner](r, pid); err == nil {
						p.ID = pid
						data.allPart = append(data.allPart, p)
					}
				}
			}
			return nil
		})
		slices.SortStableFunc(data.orders, func(x, y *app.ServiceOrder) int { return x.StartDate.Compare(y.StartDate) })
		slices.SortStableFunc(data.members, func(x, y service.GroupMember) int { return cmp.Compare(x.Traveler.Name, y.Traveler.Name) })
		a.do(func() {
			if gen != dd.gen {
				return
			}
			dd.shown = gen
			if err != nil {
				dd.none.SetText(lang.X("tours.error.departure", "Could not load this departure: {{.Error}}", map[string]any{"Error": err.Error()}))
				dd.body.Hide()
				dd.none.Show()
				return
			}
			dd.apply(data)
		})
	}()
}

func (dd *depDetail) apply(data *depData) {
	same := dd.data != nil && dd.data.row.dep.ID == data.row.dep.ID
	dd.data = data
	d := data.row.dep
	dd.list.rows[d.ID] = data.row
	dd.list.list.Refresh()
	dd.header.SetText(format.JoinNonEmpty("\n",
		strings.TrimSpace(d.Code+" · "+data.row.tour),
		format.JoinNonEmpty(" · ", format.Dates(d.StartDate, d.EndDate), statusName(d.Status)),
		format.JoinNonEmpty(" · ", seatsText(data.row.seats), minimumText(data.row.seats), waitlistText(data.row.seats)),
	))
	dd.status.RemoveAll()
	if dd.a.operates() {
		for _, to := range app.DepartureTransitions[d.Status] {
			if to == app.DepartureSettled {
				continue // settling is the accountant's, through Settle
			}
			to := to
			dd.status.Add(widget.NewButton(lang.X("tours.move", "Move to {{.Status}}", map[string]any{"Status": statusName(to)}), func() { dd.move(to) }))
		}
	}
	if data.row.guides != "" {
		dd.guides.SetText(data.row.guides)
	} else {
		dd.guides.SetText(lang.X("tours.guide.none", "No guide assigned yet."))
	}
	dd.guideIDs = nil
	var opts []string
	for _, u := range data.guides {
		dd.guideIDs = append(dd.guideIDs, u.ID)
		name := u.Name
		if slices.Contains(d.GuideIDs, u.ID) {
			name = "✓ " + name
		}
		opts = append(opts, name)
	}
	sel := dd.guideSel.SelectedIndex()
	dd.guideSel.Options = opts
	if same && sel >= 0 && sel < len(opts) {
		dd.guideSel.SetSelectedIndex(sel)
	} else {
		dd.guideSel.ClearSelected()
	}
	if !same {
		dd.meetAt.SetText(d.MeetingTime)
		dd.meetPt.SetText(d.MeetingPoint)
		dd.message.Hide()
		dd.setPrintMsg("")
	}
	dd.order.setData(data, same)
	n := 0
	today := dd.a.today()
	for _, m := range data.members {
		if slices.Contains(m.Days, today) {
			n++
		}
	}
	hdr := lang.X("tours.group.count", "{{.Count}} travelers on the group list", map[string]any{"Count": len(data.members)})
	if !today.Before(d.StartDate) && !today.After(d.EndDate) {
		hdr += " · " + lang.X("tours.group.checked", "{{.Done}}/{{.Total}} checked in today", map[string]any{"Done": n, "Total": len(data.members)})
	}
	dd.groupHdr.SetText(hdr)
	dd.orders.Refresh()
	dd.group.Refresh()
	dd.none.Hide()
	dd.body.Show()
}

// memberText is a group list row: name, type, phone, room, passport.
func (dd *depDetail) memberText(m service.GroupMember) string {
	t := m.Traveler
	room := roomName(t.RoomType)
	if t.RoommateID != "" {
		for _, o := range dd.data.members {
			if o.Traveler.ID == t.RoommateID {
				room = lang.X("tours.group.room_with", "{{.Room}} with {{.Name}}", map[string]any{"Room": room, "Name": o.Traveler.Name})
			}
		}
	}
	ph := ""
	if t.Phone != "" {
		ph = phone.Display(t.Phone, "VN")
	}
	return format.JoinNonEmpty(" · ", t.Name, travelerTypeName(t.Type), ph, room, t.PassportNumber, t.SpecialNeeds)
}

func (dd *depDetail) fail(err error) {
	dd.message.SetText(format.Explain(err))
	dd.message.Show()
}

// after runs op off the UI goroutine, then shows its error inline or
// reloads the departure (and its list row).
func (dd *depDetail) after(op func() error, done func()) {
	id := dd.id
	go func() {
		err := op()
		dd.a.do(func() {
			if err != nil {
				dd.fail(err)
				return
			}
			dd.message.Hide()
			if done != nil {
				done()
			}
			if dd.id == id {
				dd.show(id)
			}
		})
	}()
}

func (dd *depDetail) move(to app.DepartureStatus) {
	id := dd.id
	dd.after(func() error { _, err := dd.a.ops.SetDepartureStatus(id, to); return err }, nil)
}

func (dd *depDetail) setGuide(remove bool) {
	i := dd.guideSel.SelectedIndex()
	if i < 0 || i >= len(dd.guideIDs) {
		dd.fail(errors.New(lang.X("tours.guide.pick_first", "Choose a guide first.")))
		return
	}
	id, uid := dd.id, dd.guideIDs[i]
	dd.after(func() error { _, err := dd.a.ops.SetGuide(id, uid, remove); return err }, nil)
}

func (dd *depDetail) saveMeeting() {
	id, pt, at := dd.id, dd.meetPt.Text, strings.TrimSpace(dd.meetAt.Text)
	dd.after(func() error { _, err := dd.a.ops.SetMeeting(id, pt, at); return err }, nil)
}

// The documents the area prints (package printing's names).
const (
	docVoucher     = "voucher"
	docGroupList   = "grouplist"
	docRoomingList = "roominglist"
)

func docName(kind string) string {
	switch kind {
	case docVoucher:
		return lang.X("tours.doc.voucher", "voucher")
	case docGroupList:
		return lang.X("tours.doc.grouplist", "group list")
	case docRoomingList:
		return lang.X("tours.doc.roominglist", "rooming list")
	}
	return kind
}

// print prints document kind of record id through the Printer, off the
// UI goroutine, one at a time; the line under the buttons says what
// became of it.
func (dd *depDetail) print(kind, id string) {
	if dd.a.printer == nil || dd.printing || dd.data == nil {
		return
	}
	name := dd.data.row.dep.Code
	job := PrintJob{Kind: kind, ID: id, Lang: i18n.Current(), Name: name}
	if kind == docVoucher {
		job.Name = name + "-" + id[max(0, len(id)-6):]
	}
	dd.printing = true
	args := map[string]any{"Document": docName(kind), "Name": name}
	dd.setPrintMsg(lang.X("tours.print.busy", "Preparing the {{.Document}} of {{.Name}}…", args))
	go func() {
		path, err := dd.a.printer(job)
		dd.a.do(func() {
			dd.printing = false
			args["Path"] = path
			if err == nil {
				dd.setPrintMsg(lang.X("tours.print.done", "The {{.Document}} of {{.Name}} is open in your PDF viewer ({{.Path}}).", args))
				return
			}
			args["Error"] = err.Error()
			msg := lang.X("tours.print.failed", "Could not print the {{.Document}} of {{.Name}}: {{.Error}}", args)
			if path != "" {
				msg = lang.X("tours.print.not_opened", "The {{.Document}} was saved as {{.Path}} but could not be opened: {{.Error}}", args)
			}
			dd.setPrintMsg(msg)
			dialog.ShowError(errors.New(msg), dd.a.win)
		})
	}()
}

func waitlistText(s service.SeatState) string {
	if s.Waitlisted == 0 {
		return ""
	}
	return lang.X("tours.waitlisted", "{{.N}} on the waiting list", map[string]any{"N": s.Waitlisted})
}

// setPrintMsg shows s under the print buttons (hidden when empty).
func (dd *depDetail) setPrintMsg(s string) {
	dd.printMsg.SetText(s)
	dd.printMsg.Hidden = s == ""
	dd.printMsg.Refresh()
}
