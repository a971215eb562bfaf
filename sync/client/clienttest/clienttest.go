// Package clienttest holds test data shared by the sync benchmarks of
// several packages (sync/client over the in-memory server store, the bbolt
// store's benchmarks in cmd/tourdesk-server), so that they measure the
// same records.
package clienttest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Customer is the i-th customer of about 1 KB, like DESIGN.md's PouchDB
// baseline documents: contact data, an address, tags and a note, owned by
// ownerID in officeID. Its values pass the server's validation (the
// second phone is a landline).
func Customer(i int, ownerID, officeID string) map[string]json.RawMessage {
	s := func(v any) json.RawMessage { j, _ := json.Marshal(v); return j }
	return map[string]json.RawMessage{
		"name":                s(fmt.Sprintf("Nguyễn Thị Khách %06d", i)),
		"phones":              s([]string{fmt.Sprintf("+8490%07d", i), fmt.Sprintf("+842838%06d", i)}),
		"emails":              s([]string{fmt.Sprintf("khach%06d@example.vn", i)}),
		"address":             s(fmt.Sprintf("%d Lê Lợi, phường Bến Nghé, quận 1, TP. Hồ Chí Minh", i%300+1)),
		"province":            s("TP. Hồ Chí Minh"),
		"passport_number":     s(fmt.Sprintf("C%07d", i)),
		"birthday":            s(fmt.Sprintf("19%02d-%02d-%02d", 50+i%50, i%12+1, i%28+1)),
		"tags":                s([]string{"vip", "gia đình", "biển"}),
		"channel":             s("facebook"),
		"owner_id":            s(ownerID),
		"office_id":           s(officeID),
		"language":            s("vi"),
		"notes":               s(strings.Repeat("Khách thích tour biển miền Trung, đi cùng gia đình hai con nhỏ; hỏi giá tháng 6. ", 6)),
		"accommodation_class": s("phòng tầng cao, không hút thuốc"),
	}
}
