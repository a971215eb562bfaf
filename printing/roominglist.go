package printing

import (
	"fmt"
	"sort"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/tourdesk/tourdesk/app"
)

// RoomingList builds the rooming list of a departure for the hotel: the
// rooms in order, each with its type and its travelers (name, passport
// name, roommates, special needs), then the travelers with no room yet,
// and a count of rooms per type. The title and the table's header repeat
// on every page. It fails (app.ErrInvalid) for an unknown language or
// more than 2,000 travelers.
func RoomingList(v ListView) (core.Maroto, error) {
	s, err := listSheet(v, "roominglist")
	if err != nil {
		return nil, err
	}
	tb := table{
		widths: []int{2, 3, 6, 5, 4, 4},
		aligns: []align.Type{align.Right, align.Left, align.Left, align.Left, align.Left, align.Left},
		size:   listSize,
	}
	s.header = append(s.header, s.head(tb, s.t("room"), s.t("kind"), s.t("name"), s.t("latin"), s.t("roommate"), s.t("needs")))
	rs := assignRooms(v.Travelers)
	var notes []string
	perType := map[string]int{}
	n := 0
	emit := func(room string, members []int) {
		for k, i := range members {
			t := v.Travelers[i]
			var mates []string
			for _, j := range members {
				if j != i {
					mates = append(mates, v.Travelers[j].Name)
				}
			}
			num, typ := "", ""
			if k == 0 {
				num, typ = room, s.enum("room", string(roomType(v.Travelers, members)))
			}
			r := newRow().Add(
				s.cell(tb.widths[0], num, style{size: listSize, bold: true, align: align.Right, top: 0.8}),
				s.cell(tb.widths[1], typ, style{size: listSize, top: 0.8}),
				s.cell(tb.widths[2], t.Name, style{size: listSize, bold: true, top: 0.8, bottom: 0.8}),
				s.cell(tb.widths[3], t.LatinName, style{size: listSize, top: 0.8}),
				s.cell(tb.widths[4], strings.Join(mates, ", "), style{size: listSize, top: 0.8}),
				s.cell(tb.widths[5], s.needsCell(&notes, t, tb.widths[5]), style{size: listSize, top: 0.8, bottom: 0.8}),
			)
			if n%2 == 1 {
				r.WithStyle(&props.Cell{BackgroundColor: &zebraFill})
			}
			s.rows = append(s.rows, r)
		}
		n++
	}
	for i, m := range rs.members {
		perType[s.enum("room", string(roomType(v.Travelers, m)))]++
		emit(fmt.Sprint(i+1), m)
	}
	var none []int
	for i := range v.Travelers {
		if rs.of[i] == 0 {
			none = append(none, i)
		}
	}
	if len(none) > 0 {
		s.heading(s.t("no_room"))
		for _, i := range none {
			emit("", []int{i})
		}
	}
	if len(rs.members) > 0 {
		var parts []string
		for typ, c := range perType {
			if typ == "" {
				typ = "?"
			}
			parts = append(parts, fmt.Sprintf("%s: %d", typ, c))
		}
		sort.Strings(parts)
		s.gap(2)
		s.line(fmt.Sprintf("%d %s — %s", len(rs.members), s.t("rooms"), strings.Join(parts, " · ")), style{bold: true})
	}
	s.listEnd(len(v.Travelers), notes)
	return s.maroto()
}

// roomType is the room type of the first member that has one.
func roomType(ts []app.Traveler, members []int) app.RoomType {
	for _, i := range members {
		if ts[i].RoomType != "" {
			return ts[i].RoomType
		}
	}
	return ""
}
