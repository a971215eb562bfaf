package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/phone"
	"github.com/tourdesk/tourdesk/app/record"
)

// RowSource is a table read row by row, the header first (tabular.Rows
// in cmd/internal/tabular implements it).
type RowSource interface {
	// Next returns the next row's cells and its number as the user sees
	// it in the file (the line of a CSV file, the row of a sheet), or
	// io.EOF after the last row.
	Next() (row []string, num int, err error)
}

// ImportOptions tune ImportCustomers. The zero value is ready to use.
type ImportOptions struct {
	// Mapping overrides the automatic header mapping: header text (as in
	// the file) → customer field (a JSON field name of app.Customer, one
	// of the pseudo fields "family_name", "middle_name", "given_name",
	// "record_id", or "" to ignore the column).
	Mapping map[string]string
	// Region is the country (ISO 3166 code) whose numbering plan reads
	// phone numbers written without a country code in rows that name no
	// country or nationality; "" means phone.DefaultRegion.
	Region string
	// BatchSize is the number of rows written per transaction (default 1000).
	BatchSize int
	// Progress, if set, is called after each batch with the number of
	// data rows read so far.
	Progress func(rows int)
}

// Report says what ImportCustomers did with every row of the file.
type Report struct {
	// Columns maps each recognised header to the field it fills.
	Columns []Column `json:"columns"`
	// Unknown lists headers that fill no field; their cells were not
	// imported.
	Unknown []string `json:"unknown_columns"`
	// Rows is the number of data rows read (blank rows not counted).
	Rows int `json:"rows"`
	// Imported is the number of new customers created.
	Imported int `json:"imported"`
	// Merged is the number of rows folded into a customer that already
	// existed (in the store or earlier in the file).
	Merged int `json:"merged"`
	// Blank is the number of rows with no text at all, skipped.
	Blank int `json:"blank"`
	// Merges says which customer each merged row went into and why.
	Merges []RowMerge `json:"merges"`
	// Rejected lists the rows not imported, each with its reason.
	Rejected []RowError `json:"rejected"`
}

// Column is one recognised header.
type Column struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// RowMerge records a row that matched an existing customer.
type RowMerge struct {
	Row int `json:"row"`
	// Into is the id of the customer the row was merged into.
	Into string `json:"into"`
	// IntoRow is the earlier row of the same file that created or last
	// merged into that customer, or 0 if it was already in the store.
	IntoRow int `json:"into_row,omitempty"`
	// By is the shared value that matched ("phone +84901234567").
	By string `json:"by"`
	// Changed is false when the row brought nothing new.
	Changed bool `json:"changed"`
}

// RowError is a rejected row.
type RowError struct {
	Row int `json:"row"`
	// Column is the header of the first offending column ("" when the
	// problem is not in one column).
	Column string `json:"column,omitempty"`
	// Field and Code are those of the first app.FieldError, for programs.
	Field  string `json:"field,omitempty"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason"`
}

func (e RowError) String() string { return fmt.Sprintf("row %d: %s", e.Row, e.Reason) }

// Pseudo fields an import column may fill besides app.Customer's own.
const (
	fieldFamily   = "family_name"
	fieldMiddle   = "middle_name"
	fieldGiven    = "given_name"
	fieldRecordID = "record_id"
)

// headerSynonyms maps folded header text (see foldHeader) to a field. Every
// JSON field name of app.Customer maps to itself as well, so a file
// written by `tourdeskctl export` imports back.
var headerSynonyms = map[string]string{}

func init() {
	add := func(field string, names ...string) {
		for _, n := range names {
			headerSynonyms[foldHeader(n)] = field
		}
	}
	fields, _ := record.Encode(app.Customer{})
	for f := range fields {
		add(f, f)
	}
	add("name", "Name", "Full name", "Customer", "Customer name", "Client", "Họ tên", "Họ và tên", "Tên khách hàng", "Khách hàng", "ФИО", "Ф.И.О.", "Клиент", "Имя клиента", "姓名", "客户", "客户姓名", "名字")
	add(fieldFamily, "Last name", "Surname", "Family name", "Họ", "Фамилия", "姓")
	add(fieldMiddle, "Middle name", "Tên đệm", "Tên lót", "Отчество")
	add(fieldGiven, "First name", "Given name", "Tên", "Имя", "名")
	add("latin_name", "Latin name", "Name in passport", "Tên không dấu", "Tên la tinh", "Имя латиницей", "ФИО латиницей", "拼音", "英文名")
	add("phones", "Phone", "Phones", "Phone number", "Mobile", "Mobile phone", "Tel", "Telephone", "Cell", "Điện thoại", "Số điện thoại", "SĐT", "Di động", "Телефон", "Тел", "Мобильный", "Мобильный телефон", "电话", "手机", "手机号", "联系电话")
	add("emails", "Email", "E-mail", "Emails", "Email address", "Mail", "Thư điện tử", "Эл. почта", "Электронная почта", "Почта", "邮箱", "电子邮件", "电子邮箱")
	add("passport_number", "Passport", "Passport number", "Passport No", "Hộ chiếu", "Số hộ chiếu", "Паспорт", "Номер паспорта", "Загранпаспорт", "护照", "护照号", "护照号码")
	add("passport_expiry", "Passport expiry", "Passport expires", "Passport valid until", "Hạn hộ chiếu", "Ngày hết hạn hộ chiếu", "Срок действия паспорта", "Паспорт действителен до", "护照有效期")
	add("id_number", "ID number", "National ID", "ID card", "CCCD", "CMND", "Số CCCD", "Số CMND", "Căn cước", "Số căn cước", "Номер удостоверения", "身份证", "身份证号")
	add(fieldRecordID, "id", "Record id", "TourDesk id")
	add("birthday", "Birthday", "Birth date", "Date of birth", "DOB", "Ngày sinh", "Дата рождения", "День рождения", "生日", "出生日期")
	add("gender", "Gender", "Sex", "Giới tính", "Пол", "性别")
	add("address", "Address", "Street", "Địa chỉ", "Адрес", "地址")
	add("province", "Province", "City", "Tỉnh", "Tỉnh/Thành", "Tỉnh/Thành phố", "Tỉnh thành", "Thành phố", "Город", "Область", "省", "省份", "城市")
	add("region", "Region", "Vùng", "Miền", "Регион", "地区", "区域")
	add("country", "Country", "Quốc gia", "Страна", "国家")
	add("nationality", "Nationality", "Citizenship", "Quốc tịch", "Гражданство", "国籍")
	add("tags", "Tags", "Tag", "Labels", "Nhãn", "Thẻ", "Теги", "Метки", "标签")
	add("notes", "Notes", "Note", "Comment", "Comments", "Remarks", "Ghi chú", "Примечание", "Примечания", "Комментарий", "备注")
	add("channel", "Channel", "Source", "Lead source", "Nguồn", "Kênh", "Источник", "Канал", "来源", "渠道")
	add("stage", "Stage", "Lifecycle stage", "Giai đoạn", "Стадия", "Этап")
	add("type", "Type", "Customer type", "Loại", "Loại khách hàng", "Тип", "Тип клиента", "类型")
	add("contact_person", "Contact person", "Contact", "Người liên hệ", "Контактное лицо", "联系人")
	add("tax_code", "Tax code", "Tax ID", "VAT number", "Mã số thuế", "MST", "ИНН", "税号")
	add("language", "Language", "Ngôn ngữ", "Язык", "语言")
	add("marketing_consent", "Marketing consent", "Consent", "Opt-in", "Đồng ý nhận tin", "Đồng ý quảng cáo", "Согласие на рассылку", "Согласие", "同意营销")
	add("preferred_destinations", "Preferred destinations", "Destinations", "Điểm đến yêu thích", "Điểm đến", "Направления", "目的地")
	add("accommodation_class", "Accommodation class", "Hotel class", "Hạng khách sạn", "Класс отеля", "酒店等级")
	add("diet", "Diet", "Chế độ ăn", "Питание", "饮食")
	// Numbered copies ("Phone 2", "Email 2") fill the same list.
	numbered := map[string]string{}
	for k, f := range headerSynonyms {
		if f == "phones" || f == "emails" {
			for i := 1; i <= 5; i++ {
				numbered[k+strconv.Itoa(i)] = f
			}
		}
	}
	maps.Copy(headerSynonyms, numbered)
}

// listFields are app.Customer's []string fields: a cell may hold several
// values, and several columns may add to one list.
var listFields = map[string]string{
	"phones":                 ",;/|\n",
	"emails":                 ",; \n",
	"tags":                   ",;|\n",
	"preferred_destinations": ",;|\n",
	"preferred_transport":    ",;|\n",
}

// foldHeader reduces header text to lower-case letters and digits without
// diacritics, so "Điện thoại", "dien thoai" and "ĐIỆN_THOẠI" compare equal.
func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := foldRune[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldRune maps lower-case Vietnamese (and a few other Latin) letters with
// diacritics to their base letter, and ё to е.
var foldRune = func() map[rune]rune {
	m := map[rune]rune{'ё': 'е', 'й': 'и'}
	for base, variants := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậäåā",
		'e': "èéẻẽẹêềếểễệëē",
		'i': "ìíỉĩịïî",
		'o': "òóỏõọôồốổỗộơờớởỡợöø",
		'u': "ùúủũụưừứửữựüû",
		'y': "ỳýỷỹỵÿ",
		'd': "đ",
		'c': "ç",
		'n': "ñ",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()

// columnPlan is the mapping of one file's columns.
type columnPlan struct {
	headers []string
	fields  []string // per column; "" = not imported
}

func planColumns(header []string, opts ImportOptions, rep *Report) (*columnPlan, error) {
	plan := &columnPlan{headers: header, fields: make([]string, len(header))}
	hasName := false
	for i, h := range header {
		field, ok := opts.Mapping[h]
		if !ok {
			field = headerSynonyms[foldHeader(h)]
		}
		if !utf8.ValidString(h) {
			field = ""
		}
		switch {
		case field != "":
			plan.fields[i] = field
			rep.Columns = append(rep.Columns, Column{Header: h, Field: field})
			if field == "name" || field == fieldFamily || field == fieldGiven {
				hasName = true
			}
		case strings.TrimSpace(h) != "" && !ok:
			rep.Unknown = append(rep.Unknown, strings.ToValidUTF8(h, "?"))
		}
	}
	if !hasName {
		return nil, fmt.Errorf("import customers: no column holds the customer's name (a header such as Name, Họ tên or ФИО): %w", app.ErrInvalid)
	}
	return plan, nil
}

// parsed is one data row turned into a customer.
type parsed struct {
	row      int
	c        *app.Customer
	recordID string
	err      *RowError
}

// parseRow fills a customer from a row's cells. It rejects the row (err
// set) for cells that are not valid UTF-8 or do not parse (dates, yes/no),
// and for every problem app.Customer.Validate finds.
func (plan *columnPlan) parseRow(num int, cells []string, region string) parsed {
	p := parsed{row: num, c: &app.Customer{}}
	c := p.c
	reject := func(col int, field, code, reason string) parsed {
		p.err = &RowError{Row: num, Field: field, Code: code, Reason: reason}
		if col >= 0 {
			p.err.Column = plan.headers[col]
			p.err.Reason = plan.headers[col] + ": " + reason
		}
		return p
	}
	var family, middle, given string
	var phones []string
	values := map[string]json.RawMessage{}
	for i, cell := range cells {
		if i >= len(plan.fields) || plan.fields[i] == "" {
			continue
		}
		field := plan.fields[i]
		if !utf8.ValidString(cell) {
			return reject(i, field, app.CodeEncoding, "contains bytes that are not valid UTF-8 text (save the file as UTF-8)")
		}
		// U+FFFD is what a program puts where it could not decode text
		// (XLSX cannot hold invalid bytes): the value was damaged before
		// it reached us.
		if strings.ContainsRune(cell, utf8.RuneError) {
			return reject(i, field, app.CodeEncoding, "contains bytes that are not valid UTF-8 text (shown as �: the file was saved in another encoding)")
		}
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		switch field {
		case fieldFamily:
			family = cell
		case fieldMiddle:
			middle = cell
		case fieldGiven:
			given = cell
		case fieldRecordID:
			p.recordID = cell
		case "phones":
			phones = append(phones, splitList(cell, listFields[field])...)
		case "birthday", "passport_expiry":
			d, err := parseImportDate(cell)
			if err != nil {
				return reject(i, field, app.CodeFormat, err.Error())
			}
			values[field], _ = json.Marshal(d)
		case "marketing_consent":
			v, ok := parseYesNo(cell)
			if !ok {
				return reject(i, field, app.CodeFormat, fmt.Sprintf("%q is not yes or no", clip(cell, 40)))
			}
			values[field], _ = json.Marshal(v)
		case "gender":
			values[field], _ = json.Marshal(parseGender(cell))
		case "type":
			values[field], _ = json.Marshal(parseType(cell))
		case "stage", "language":
			values[field], _ = json.Marshal(strings.ToLower(cell))
		default:
			if seps, ok := listFields[field]; ok {
				var cur []string
				if values[field] != nil {
					json.Unmarshal(values[field], &cur)
				}
				values[field], _ = json.Marshal(append(cur, splitList(cell, seps)...))
			} else if values[field] == nil {
				values[field], _ = json.Marshal(cell)
			}
		}
	}
	b, _ := json.Marshal(values)
	if err := json.Unmarshal(b, c); err != nil {
		return reject(-1, "", app.CodeFormat, err.Error())
	}
	if c.Name == "" {
		c.Name = strings.Join(strings.Fields(family+" "+middle+" "+given), " ")
	}
	// Phones without a country code are read in the customer's own
	// country when the row names one, else in opts.Region; those that do
	// not parse are left for Validate to report.
	r := cmpOr(c.Country, c.Nationality, region)
	for _, s := range phones {
		if e, err := phone.Normalize(s, r); err == nil {
			s = e
		}
		c.Phones = append(c.Phones, s)
	}
	if err := c.Validate(); err != nil {
		var ve *app.ValidationError
		if !errors.As(err, &ve) {
			return reject(-1, "", "", err.Error())
		}
		first := ve.Problems[0]
		col := plan.columnOf(first.Field)
		var reasons []string
		for _, pr := range ve.Problems {
			where := pr.Field
			if c := plan.columnOf(pr.Field); c >= 0 {
				where = plan.headers[c]
			}
			reasons = append(reasons, where+": "+pr.Message)
		}
		p.err = &RowError{Row: num, Field: first.Field, Code: first.Code, Reason: strings.Join(reasons, "; ")}
		if col >= 0 {
			p.err.Column = plan.headers[col]
		}
	}
	return p
}

// columnOf returns the first column filling field ("phones.1" → the
// phones column), or -1.
func (plan *columnPlan) columnOf(field string) int {
	base, _, _ := strings.Cut(field, ".")
	for i, f := range plan.fields {
		if f == base || (base == "name" && (f == fieldFamily || f == fieldGiven)) {
			return i
		}
	}
	return -1
}

func cmpOr(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func splitList(s, seps string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseLooseDate reads the date forms agencies' spreadsheets and agents
// use: 2006-01-02, 02/01/2006 and 02.01.2006 (day first, as written in
// Vietnam and Russia), 2006/01/02, and an Excel serial day number. The
// error says which forms are accepted.
func ParseLooseDate(s string) (app.Date, error) {
	return parseImportDate(strings.TrimSpace(s))
}

func parseImportDate(s string) (app.Date, error) {
	for _, layout := range []string{"2006-1-2", "2/1/2006", "2.1.2006", "2006/1/2", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return app.DateOf(t), nil
		}
	}
	// XLSX cells are read raw: a date cell is the number of days since
	// 1899-12-30. 1 = 1899-12-31 … 73050 = 2099-12-31.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 73051 && !math.IsNaN(f) {
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		return app.DateOf(base.AddDate(0, 0, int(f))), nil
	}
	return app.Date{}, fmt.Errorf("%q is not a date (write 1990-03-25, 25/03/1990 or 25.03.1990)", clip(s, 40))
}

func parseYesNo(s string) (bool, bool) {
	switch foldHeader(s) {
	case "yes", "y", "true", "1", "x", "co", "dongy", "да", "д", "是", "同意":
		return true, true
	case "no", "n", "false", "0", "khong", "нет", "н", "否", "不同意":
		return false, true
	}
	return false, false
}

func parseGender(s string) app.Gender {
	switch foldHeader(s) {
	case "male", "m", "man", "nam", "м", "муж", "мужской", "男":
		return app.Male
	case "female", "f", "woman", "nu", "ж", "жен", "женский", "女":
		return app.Female
	case "other", "khac", "другое", "其他":
		return app.Other
	}
	return app.Gender(s) // Validate names the allowed values.
}

func parseType(s string) app.CustomerType {
	switch foldHeader(s) {
	case "person", "individual", "canhan", "khachle", "физлицо", "частноелицо", "个人":
		return app.Person
	case "company", "corporate", "business", "congty", "doanhnghiep", "компания", "юрлицо", "организация", "公司", "企业":
		return app.Company
	}
	return app.CustomerType(s)
}

// ImportCustomers reads a customer list (header row first) and stores its
// rows as customers of the session's user, in transactions of
// opts.BatchSize rows.
//
// Every row is validated on its own: a bad row is rejected with its row
// number and reason and the others are imported regardless. A row that
// shares a phone, an email, a passport number or an ID number with a
// customer already in the store, or with an earlier row of the same file
// (or that names an existing customer's id in an "id" column), is merged
// into that customer with MergeInto, never stored twice. Blank rows are
// skipped.
//
// It returns an error (with the report of the batches already committed)
// only when the file as a whole cannot be imported: it cannot be read, it
// has no name column (app.ErrInvalid), or the store fails.
func ImportCustomers(store Store, session Session, rows RowSource, opts ImportOptions) (Report, error) {
	// Empty lists, not nil, so the JSON report has [] rather than null.
	rep := Report{Columns: []Column{}, Unknown: []string{}, Merges: []RowMerge{}, Rejected: []RowError{}}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	var plan *columnPlan
	for plan == nil {
		header, _, err := rows.Next()
		if err == io.EOF {
			return rep, fmt.Errorf("import customers: the file is empty: %w", app.ErrInvalid)
		}
		if err != nil {
			return rep, fmt.Errorf("import customers: %w", err)
		}
		if blank(header) {
			continue
		}
		if plan, err = planColumns(header, opts, &rep); err != nil {
			return rep, err
		}
	}
	im := &importer{store: store, session: session, byKey: map[string]owner{}}
	var batch []parsed
	done := false
	for !done {
		cells, num, err := rows.Next()
		switch {
		case err == io.EOF:
			done = true
		case err != nil:
			return rep, fmt.Errorf("import customers: after row %d: %w", num, err)
		case blank(cells):
			rep.Blank++
		default:
			rep.Rows++
			batch = append(batch, plan.parseRow(num, cells, opts.Region))
		}
		if len(batch) >= opts.BatchSize || (done && len(batch) > 0) {
			if err := im.write(batch, &rep); err != nil {
				return rep, err
			}
			batch = batch[:0]
			if opts.Progress != nil {
				opts.Progress(rep.Rows)
			}
		}
	}
	return rep, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// owner is the customer a key (phone, email, document) belongs to in this
// import, and the row that last wrote it.
type owner struct {
	id  string
	row int
}

type importer struct {
	store   Store
	session Session
	byKey   map[string]owner // committed keys of this import
}

func customerKeys(c *app.Customer) []string {
	var keys []string
	for _, p := range c.Phones {
		keys = append(keys, "phone "+p)
	}
	for _, e := range c.Emails {
		keys = append(keys, "email "+e)
	}
	if c.PassportNumber != "" {
		keys = append(keys, "passport "+c.PassportNumber)
	}
	if c.IDNumber != "" {
		keys = append(keys, "ID number "+c.IDNumber)
	}
	return keys
}

// write stores one batch in one transaction and, once it has committed,
// adds its outcome to rep.
func (im *importer) write(batch []parsed, rep *Report) error {
	var (
		imported int
		merges   []RowMerge
		rejected []RowError
		pending  map[string]owner
	)
	err := im.store.Update(func(tx Tx) error {
		imported, merges, rejected = 0, nil, nil
		pending = map[string]owner{}
		lookup := func(k string) (owner, bool) {
			if o, ok := pending[k]; ok {
				return o, true
			}
			o, ok := im.byKey[k]
			return o, ok
		}
		for _, p := range batch {
			if p.err != nil {
				rejected = append(rejected, *p.err)
				continue
			}
			c := p.c
			keys := customerKeys(c)
			var into owner
			var by string
			if p.recordID != "" {
				if _, err := Load[app.Customer](tx, p.recordID); err == nil {
					into, by = owner{id: p.recordID}, "id "+p.recordID
				} else if !isNotFound(err) {
					return err
				}
			}
			for _, k := range keys {
				if into.id != "" {
					break
				}
				if o, ok := lookup(k); ok {
					into, by = o, k
				}
			}
			if into.id == "" {
				ids, err := FindDuplicates(tx, c)
				if err != nil {
					return err
				}
				if len(ids) > 0 {
					into.id = ids[0]
				}
			}
			if into.id == "" {
				id := record.NewID()
				if c.OwnerID == "" {
					c.OwnerID = im.session.UserID
				}
				if c.OfficeID == "" {
					c.OfficeID = im.session.OfficeID
				}
				if c.Channel == "" {
					c.Channel = "import"
				}
				if _, err := StoreEntity(tx, id, c); err != nil {
					var ve *app.ValidationError
					if errors.As(err, &ve) {
						rejected = append(rejected, RowError{Row: p.row, Reason: ve.Error()})
						continue
					}
					return err
				}
				imported++
				for _, k := range keys {
					pending[k] = owner{id: id, row: p.row}
				}
				continue
			}
			existing, err := Load[app.Customer](tx, into.id)
			if err != nil {
				return err
			}
			if by == "" {
				// Matched in the store: name the value both share.
				have := customerKeys(existing)
				for _, k := range keys {
					if slices.Contains(have, k) {
						by = k
						break
					}
				}
			}
			before, err := record.Encode(existing)
			if err != nil {
				return err
			}
			changed := MergeInto(existing, c)
			if changed {
				if err := existing.Validate(); err != nil {
					rejected = append(rejected, RowError{Row: p.row, Reason: fmt.Sprintf("matches customer %s by %s, but merging would make it invalid: %v", into.id, by, err)})
					continue
				}
				after, err := record.Encode(existing)
				if err != nil {
					return err
				}
				values := map[string]json.RawMessage{}
				for k, v := range after {
					if string(before[k]) != string(v) {
						values[k] = v
					}
				}
				if _, err := tx.Save(app.KindCustomer, into.id, values); err != nil {
					return err
				}
			}
			merges = append(merges, RowMerge{Row: p.row, Into: into.id, IntoRow: into.row, By: by, Changed: changed})
			for _, k := range customerKeys(existing) {
				pending[k] = owner{id: into.id, row: p.row}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import customers: rows %d–%d: %w", batch[0].row, batch[len(batch)-1].row, err)
	}
	for k, o := range pending {
		im.byKey[k] = o
	}
	rep.Imported += imported
	rep.Merged += len(merges)
	rep.Merges = append(rep.Merges, merges...)
	rep.Rejected = append(rep.Rejected, rejected...)
	return nil
}
