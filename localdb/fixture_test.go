package localdb

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
	"github.com/tourdesk/tourdesk/app/service"
)

// The benchmark fixture: fixtureSize generated customers (70% Vietnamese
// with the real surname distribution — Nguyễn about 38% of them —, 15%
// Russian, 15% Chinese), each with a name, Latin name, one or two phones,
// an email and a passport number. It is built once per test process, only
// by the benchmarks that need it, in a temporary directory removed by
// TestMain. LOCALDB_FIXTURE=path keeps (and reuses) the store at path.
const fixtureSize = 100_000

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixturePath string
	fixtureErr  error
	// fixtureSample holds a few generated customers whose exact phone,
	// email and passport the benchmark queries.
	fixtureSample []app.Customer
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// fixture returns the path of the 100k-customer store, building it on
// first use. The store is closed; callers open it.
func fixture(b *testing.B) string {
	b.Helper()
	fixtureOnce.Do(func() {
		gen := newGenerator(1)
		if fixturePath = os.Getenv("LOCALDB_FIXTURE"); fixturePath != "" {
			if _, err := os.Stat(fixturePath); err == nil {
				for i := range fixtureSize {
					c := gen.customer()
					if i%(fixtureSize/20) == 7 {
						fixtureSample = append(fixtureSample, c)
					}
				}
				return
			}
		} else {
			fixtureDir, fixtureErr = os.MkdirTemp("", "localdb-bench-")
			if fixtureErr != nil {
				return
			}
			fixturePath = filepath.Join(fixtureDir, "100k.db")
		}
		var s *Store
		s, fixtureErr = Open(fixturePath, Options{NoSync: true})
		if fixtureErr != nil {
			return
		}
		defer s.Close()
		batch := make([]map[string]json.RawMessage, 0, 1000)
		flush := func() error {
			err := s.Update(func(tx service.Tx) error {
				for _, v := range batch {
					if _, err := tx.Save(app.KindCustomer, record.NewID(), v); err != nil {
						return err
					}
				}
				return nil
			})
			batch = batch[:0]
			return err
		}
		for i := range fixtureSize {
			c := gen.customer()
			if i%(fixtureSize/20) == 7 {
				fixtureSample = append(fixtureSample, c)
			}
			v, err := record.Encode(&c)
			if err != nil {
				fixtureErr = err
				return
			}
			batch = append(batch, v)
			if len(batch) == cap(batch) {
				if fixtureErr = flush(); fixtureErr != nil {
					return
				}
			}
		}
		fixtureErr = flush()
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixturePath
}

// generator makes realistic customers deterministically from a seed.
type generator struct{ r *rand.Rand }

func newGenerator(seed uint64) *generator {
	return &generator{rand.New(rand.NewPCG(seed, seed*7919))}
}

type weighted struct {
	s string
	w int
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *generator) pickW(list []weighted) string {
	total := 0
	for _, x := range list {
		total += x.w
	}
	n := g.r.IntN(total)
	for _, x := range list {
		if n < x.w {
			return x.s
		}
		n -= x.w
	}
	return list[0].s
}

var (
	viSurnames = []weighted{{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 51}, {"Huỳnh", 40}, {"Phan", 45}, {"Vũ", 39}, {"Võ", 30}, {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10}, {"Lý", 5}, {"Trương", 5}, {"Đinh", 5}, {"Lương", 4}, {"Mai", 3}}
	viMiddleM  = []string{"Văn", "Văn", "Văn", "Minh", "Đức", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Hoàng"}
	viMiddleF  = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Mỹ", "Bích", "Hồng", "Phương"}
	viGivenM   = []string{"An", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tú", "Việt", "Vinh", "Đông", "Lộc"}
	viGivenF   = []string{"An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Xuân", "Yến", "Ánh"}
	viPrefixes = []string{"90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "70", "79", "77", "76", "78", "83", "84", "85", "81", "82", "32", "33", "34", "35", "36", "37", "38", "39"}
	viProvince = []string{"Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Khánh Hòa", "Quảng Ninh", "Lâm Đồng", "Thừa Thiên Huế", "Bình Dương", "Đồng Nai", "Nghệ An"}

	ruSurnames = []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев"}
	ruGivenM   = []string{"Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил", "Никита", "Иван", "Евгений", "Владимир", "Юрий"}
	ruGivenF   = []string{"Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Екатерина", "Ирина", "Светлана", "Юлия", "Анастасия", "Дарья"}
	ruPatron   = []string{"Александров", "Сергеев", "Иванов", "Петров", "Дмитриев", "Андреев", "Михайлов", "Николаев"}

	zhSurnames = []weighted{{"王", 72}, {"李", 71}, {"张", 67}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 23}, {"赵", 20}, {"吴", 20}, {"周", 19}, {"徐", 14}, {"孙", 12}, {"马", 12}, {"朱", 11}, {"胡", 10}, {"郭", 10}, {"何", 9}, {"高", 9}, {"林", 9}, {"罗", 8}}
	zhGiven    = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "建国", "志强", "晓明"}
	pinyin     = map[rune]string{'王': "wang", '李': "li", '张': "zhang", '刘': "liu", '陈': "chen", '杨': "yang", '黄': "huang", '赵': "zhao", '吴': "wu", '周': "zhou", '徐': "xu", '孙': "sun", '马': "ma", '朱': "zhu", '胡': "hu", '郭': "guo", '何': "he", '高': "gao", '林': "lin", '罗': "luo", '伟': "wei", '芳': "fang", '娜': "na", '秀': "xiu", '英': "ying", '敏': "min", '静': "jing", '丽': "li", '强': "qiang", '磊': "lei", '军': "jun", '洋': "yang", '勇': "yong", '艳': "yan", '杰': "jie", '娟': "juan", '涛': "tao", '明': "ming", '超': "chao", '兰': "lan", '霞': "xia", '平': "ping", '刚': "gang", '桂': "gui", '建': "jian", '华': "hua", '文': "wen", '红': "hong", '国': "guo", '志': "zhi", '晓': "xiao"}
)

func (g *generator) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func (g *generator) customer() app.Customer {
	var c app.Customer
	female := g.r.IntN(2) == 0
	c.Gender = app.Male
	if female {
		c.Gender = app.Female
	}
	switch n := g.r.IntN(100); {
	case n < 70:
		sur, mid, given := g.pickW(viSurnames), g.pick(viMiddleM), g.pick(viGivenM)
		if female {
			mid, given = g.pick(viMiddleF), g.pick(viGivenF)
		}
		c.Name = sur + " " + mid + " " + given
		c.LatinName = strings.ToUpper(fold(c.Name))
		c.Country, c.Nationality = "VN", "VN"
		c.Province = g.pick(viProvince)
		c.Phones = []string{"+84" + g.pick(viPrefixes) + g.digits(7)}
		c.PassportNumber = string("CNB"[g.r.IntN(3)]) + g.digits(7)
		c.Language = "vi"
	case n < 85:
		sur, given, pat := g.pick(ruSurnames), g.pick(ruGivenM), g.pick(ruPatron)+"ич"
		if female {
			sur, given, pat = sur+"а", g.pick(ruGivenF), g.pick(ruPatron)+"на"
		}
		c.Name = sur + " " + given + " " + pat
		c.LatinName = strings.ToUpper(translit(sur + " " + given))
		c.Country, c.Nationality = "RU", "RU"
		c.Phones = []string{"+79" + g.digits(9)}
		c.PassportNumber = g.digits(9)
		c.Language = "ru"
	default:
		sur, given := g.pickW(zhSurnames), g.pick(zhGiven)
		c.Name = sur + given
		var py []string
		for _, r := range c.Name {
			py = append(py, pinyin[r])
		}
		c.LatinName = strings.ToUpper(py[0] + " " + strings.Join(py[1:], ""))
		c.Country, c.Nationality = "CN", "CN"
		c.Phones = []string{"+861" + string("3589"[g.r.IntN(4)]) + g.digits(9)}
		c.PassportNumber = "E" + g.digits(8)
		c.Language = "zh"
	}
	if g.r.IntN(4) == 0 {
		c.Phones = append(c.Phones, "+84"+g.pick(viPrefixes)+g.digits(7))
	}
	local := strings.ReplaceAll(strings.ToLower(c.LatinName), " ", ".")
	c.Emails = []string{fmt.Sprintf("%s%d@%s", local, g.r.IntN(1000), g.pick([]string{"gmail.com", "yahoo.com", "mail.ru", "qq.com", "outlook.com"}))}
	c.Type, c.Stage = app.Person, app.StageCustomer
	c.Tags = []string{g.pick([]string{"vip", "family", "honeymoon", "corporate", "senior", "student"})}
	c.OwnerID = fmt.Sprintf("agent-%02d", g.r.IntN(20))
	c.OfficeID = "hcm"
	c.Channel = g.pick([]string{"facebook", "zalo", "website", "referral", "walk-in"})
	return c
}

func translit(s string) string {
	table := map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia"}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if t, ok := table[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
