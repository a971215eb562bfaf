package printing

import (
	"fmt"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/tourdesk/tourdesk/app"
)

// ListView is everything a departure's group list or rooming list
// prints: the departure, its tour (nil when unknown) and its travelers in
// the order they are listed. Travelers need their IDs for roommates.
type ListView struct {
	Letterhead
	Tour      *app.Tour
	Departure app.Departure
	Travelers []app.Traveler
}

const listSize = 7.5

// GroupList builds the group list (manifest) of a departure: one row per
// traveler with name and passport name, sex, birth date, passport number
// and expiry, nationality, phone, room and special needs. The title and
// the table's header repeat on every page. Special needs longer than the
// cell are cut there and printed whole under the table. It fails
// (app.ErrInvalid) for an unknown language or more than 2,000 travelers.
func GroupList(v ListView) (core.Maroto, error) {
	s, err := listSheet(v, "grouplist")
	if err != nil {
		return nil, err
	}
	tb := table{
		widths: []int{1, 5, 2, 3, 4, 1, 3, 2, 3},
		aligns: []align.Type{align.Right, align.Left, align.Left, align.Left, align.Left, align.Left, align.Left, align.Left, align.Left},
		size:   listSize,
	}
	s.header = append(s.header, s.head(tb, "#", s.t("name"), s.t("gender"), s.t("birth"), s.t("passport")+" · "+s.t("expiry"), s.t("nat"), s.t("phone"), s.t("room"), s.t("needs")))
	rooms := assignRooms(v.Travelers)
	var notes []string
	for i, t := range v.Travelers {
		needs := s.needsCell(&notes, t, tb.widths[8])
		room := ""
		if r := rooms.of[i]; r > 0 {
			room = fmt.Sprintf("%d %s", r, s.enum("roomcode", string(t.RoomType)))
		}
		cols := []core.Col{
			s.cell(tb.widths[0], fmt.Sprint(i+1), style{size: listSize, align: align.Right, top: 0.8, bottom: 0.8}),
			s.nameCell(tb.widths[1], t),
			s.cell(tb.widths[2], s.enum("sex", string(t.Gender)), style{size: listSize, top: 0.8}),
			s.cell(tb.widths[3], s.date(t.BirthDate), style{size: listSize, top: 0.8}),
			s.cell(tb.widths[4], join(" · ", t.PassportNumber, s.date(t.PassportExpiry)), style{size: listSize, top: 0.8}),
			s.cell(tb.widths[5], t.Nationality, style{size: listSize, top: 0.8}),
			s.cell(tb.widths[6], s.phone(t.Phone), style{size: listSize, top: 0.8}),
			s.cell(tb.widths[7], room, style{size: listSize, top: 0.8}),
			s.cell(tb.widths[8], needs, style{size: listSize, top: 0.8, bottom: 0.8}),
		}
		r := newRow().Add(cols...)
		if i%2 == 1 {
			r.WithStyle(&props.Cell{BackgroundColor: &zebraFill})
		}
		s.rows = append(s.rows, r)
	}
	s.listEnd(len(v.Travelers), notes)
	return s.maroto()
}

// listSheet starts a group or rooming list: the checks, and the title
// rows that repeat on every page.
func listSheet(v ListView, kind string) (*sheet, error) {
	s, err := newSheet(v.Letterhead, label(v.Lang, kind))
	if err != nil {
		return nil, err
	}
	if len(v.Travelers) > maxTravelers {
		return nil, fmt.Errorf("printing: %s of %s: %d travelers (at most %d): %w", kind, v.Departure.Code, len(v.Travelers), maxTravelers, app.ErrInvalid)
	}
	d := &v.Departure
	tourName := ""
	if v.Tour != nil {
		tourName = v.Tour.Name
	}
	s.header = append(s.header,
		newRow().Add(
			s.cell(16, s.Company.CompanyName, style{size: smallSize, color: &darkGrey}),
			s.cell(8, s.t("printed")+": "+s.date(s.PrintedOn), style{size: smallSize, color: &darkGrey, align: align.Right}),
		),
		newRow().Add(
			s.cell(12, s.t(kind), style{size: 13, bold: true}),
			s.cell(12, d.Code, style{size: 11, bold: true, align: align.Right, top: 0.8}),
		),
		newRow().Add(s.cell(grid, join(" · ", tourName, s.period(d.StartDate, d.EndDate), join(" ", d.MeetingTime, d.MeetingPoint), fmt.Sprintf("%d %s", len(v.Travelers), s.t("travelers"))), style{size: 8, bottom: 1.5})),
	)
	return s, nil
}

// nameCell shows the traveler's name with the passport name under it.
func (s *sheet) nameCell(size int, t app.Traveler) core.Col {
	w := float64(size)/grid*contentWidth - 1.6
	items := []core.Component{s.text(breakLong(t.Name, w, listSize), style{size: listSize, bold: true, top: 0.8})}
	if t.LatinName != "" && t.LatinName != t.Name {
		items = append(items, s.text(breakLong(t.LatinName, w, smallSize-0.5), style{size: smallSize - 0.5, color: &darkGrey, bottom: 0.8}))
	}
	return col.New(size).Add(&stack{items: items})
}

// needsCell is the special needs as they fit a cell of size grid units:
// cut to three lines with a reference to the notes under the table,
// where the whole text is added.
func (s *sheet) needsCell(notes *[]string, t app.Traveler, size int) string {
	w := float64(size)/grid*contentWidth - 1.6
	short, cut := clip(oneLine(t.SpecialNeeds), w, listSize, 3)
	if !cut {
		return short
	}
	*notes = append(*notes, t.Name+": "+t.SpecialNeeds)
	return fmt.Sprintf("%s (%s *%d)", short, s.t("see_note"), len(*notes))
}

// listEnd closes a list: a line when it is empty, then the notes.
func (s *sheet) listEnd(n int, notes []string) {
	if n == 0 {
		s.gap(4)
		s.line(s.t("empty_list"), style{align: align.Center, color: &darkGrey})
	}
	if len(notes) > 0 {
		s.heading(s.t("notes"))
		for i, nt := range notes {
			s.para(fmt.Sprintf("*%d %s", i+1, nt), style{size: 8})
		}
	}
}

// rooms is the room number (from 1; 0 for none) of each traveler of a
// list, by index, and the members of each room in list order.
type rooms struct {
	of      []int
	members [][]int
}

// assignRooms numbers the rooms of a list: travelers linked by
// RoommateID (in either direction, so a triple needs only two links)
// share a room; a traveler with a room type and no roommate has a room
// alone; one with neither has no room yet. Rooms are numbered in the
// order of their first traveler. Links to travelers not on the list are
// ignored.
func assignRooms(ts []app.Traveler) rooms {
	idx := make(map[string]int, len(ts))
	for i, t := range ts {
		if t.ID != "" {
			idx[t.ID] = i
		}
	}
	parent := make([]int, len(ts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	linked := make([]bool, len(ts))
	for i, t := range ts {
		if j, ok := idx[t.RoommateID]; ok && j != i {
			linked[i], linked[j] = true, true
			a, b := find(i), find(j)
			if a < b {
				parent[b] = a
			} else {
				parent[a] = b
			}
		}
	}
	r := rooms{of: make([]int, len(ts))}
	number := map[int]int{}
	for i, t := range ts {
		if !linked[i] && t.RoomType == "" {
			continue
		}
		root := find(i)
		n, ok := number[root]
		if !ok {
			r.members = append(r.members, nil)
			n = len(r.members)
			number[root] = n
		}
		r.of[i] = n
		r.members[n-1] = append(r.members[n-1], i)
	}
	return r
}
