package app

import (
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"

	"github.com/tourdesk/tourdesk/app/money"
)

// CompanySettingsID is the id of the one CompanySettings record (kind
// setting). Every device writes the same id, so settings edited on two
// laptops merge field by field like any record instead of making two.
const CompanySettingsID = "company"

// MaxLogo is the largest logo accepted, in bytes once decoded.
const MaxLogo = 512 << 10

// ExchangeRate says how many units of the default currency one unit of
// Currency is worth on Date: {USD, "25400"} with default currency VND.
// Rate is a decimal string with at most 9 decimals ("0.0000394"), kept
// exact rather than as a float.
type ExchangeRate struct {
	Currency string `json:"currency"`
	Rate     string `json:"rate"`
	Date     Date   `json:"date"`
}

// CompanySettings is the agency's identity, printed on every document
// (quotes, contracts, receipts, vouchers), and its money defaults. It is a
// single record of kind setting with id CompanySettingsID; its fields are
// flat so two admins editing the address and the bank account do not
// clash.
type CompanySettings struct {
	ID          string `json:"-"`
	CompanyName string `json:"company_name"`
	Address     string `json:"address"`
	// Phone is E.164, read in Country when typed without a country code.
	Phone   string `json:"phone"`
	Email   string `json:"email"`
	Website string `json:"website"`
	Country string `json:"country"`
	// LicenceNumber is the international tour operator licence.
	LicenceNumber string `json:"licence_number"`
	TaxCode       string `json:"tax_code"`
	// BankAccount is free text: bank, branch, account number, holder.
	BankAccount string `json:"bank_account"`
	// Logo is a PNG or JPEG image, base64-encoded (standard encoding).
	Logo string `json:"logo"`
	// CancellationTerms is printed on contracts.
	CancellationTerms string `json:"cancellation_terms"`
	DefaultCurrency   string `json:"default_currency"`
	// ExchangeRates convert other currencies into DefaultCurrency for
	// reports; one per currency.
	ExchangeRates []ExchangeRate `json:"exchange_rates"`
	// CancellationPolicy is CancellationTerms in a form a refund can be
	// computed from (see CancellationKeep); empty means no automatic refund.
	CancellationPolicy []CancellationTerm `json:"cancellation_policy"`
	// DebtLimit is the most a single customer may owe, in DefaultCurrency,
	// before receivables raise an alert; zero means no limit.
	DebtLimit money.Money `json:"debt_limit"`
	// AgentCommissionBP is the sales agents' commission in basis points
	// (1/100 of a percent: 500 is 5%) of each sold booking's revenue, a
	// cost of the departure in its settlement; zero means none.
	AgentCommissionBP int `json:"agent_commission_bp"`
	// Holidays are the days customers get a greeting (care tasks); nil
	// means DefaultHolidays (New Year and Tết).
	Holidays []Holiday `json:"holidays"`
	// Segmentation holds the VIP tier rules and ABC thresholds; nil means
	// DefaultSegmentRules (see SegmentRulesOf).
	Segmentation *SegmentRules `json:"segmentation"`
	// Segments are the saved customer segments (named filters) used as
	// campaign targets; one field, edited by marketing.
	Segments []SavedSegment `json:"segments"`
}

// CancellationTerm says that a booking cancelled at least DaysBefore days
// before its trip starts keeps KeepPercent of its total (the rest of what
// was paid is refunded).
type CancellationTerm struct {
	DaysBefore  int `json:"days_before"`
	KeepPercent int `json:"keep_percent"`
}

// CancellationKeep returns the percentage of a booking's total kept when it
// is cancelled daysBefore days before the trip starts: that of the term
// with the largest DaysBefore not above daysBefore, or 100 when none
// applies (cancelling later than every term, or on or after the start). ok
// is false when the policy is empty.
func (s *CompanySettings) CancellationKeep(daysBefore int) (percent int, ok bool) {
	if len(s.CancellationPolicy) == 0 {
		return 0, false
	}
	best := -1
	percent = 100
	for _, t := range s.CancellationPolicy {
		if t.DaysBefore <= daysBefore && t.DaysBefore > best {
			best, percent = t.DaysBefore, t.KeepPercent
		}
	}
	return percent, true
}

func init() {
	register(KindInfo{
		Kind:   KindSetting,
		New:    func() Entity { return new(CompanySettings) },
		Search: []string{"company_name"},
		Phones: []string{"phone"},
	})
}

// Kind implements Entity.
func (*CompanySettings) Kind() Kind { return KindSetting }

// Validate normalises the settings (default currency VND when unset, phone
// to E.164) and reports every field that is wrong.
func (s *CompanySettings) Validate() error {
	var p Problems
	if s.DefaultCurrency == "" {
		s.DefaultCurrency = "VND"
	}
	CleanText(&p, "company_name", &s.CompanyName, MaxName, true, false)
	CleanText(&p, "address", &s.Address, MaxText, false, true)
	CleanCountry(&p, "country", &s.Country)
	CleanPhone(&p, "phone", &s.Phone, s.Country)
	CleanEmail(&p, "email", &s.Email)
	CleanText(&p, "website", &s.Website, MaxText, false, false)
	CleanText(&p, "licence_number", &s.LicenceNumber, MaxName, false, false)
	CleanText(&p, "tax_code", &s.TaxCode, 32, false, false)
	CleanText(&p, "bank_account", &s.BankAccount, MaxText, false, true)
	CleanText(&p, "cancellation_terms", &s.CancellationTerms, 20000, false, true)
	CleanCurrency(&p, "default_currency", &s.DefaultCurrency, true)
	s.Logo = strings.TrimSpace(s.Logo)
	if s.Logo != "" {
		b, err := base64.StdEncoding.DecodeString(s.Logo)
		switch {
		case err != nil:
			p.Add("logo", CodeFormat, "is not a base64-encoded image")
		case len(b) > MaxLogo:
			p.Add("logo", CodeTooLong, fmt.Sprintf("is too large (%d KB, at most %d KB)", len(b)>>10, MaxLogo>>10))
		case !strings.HasPrefix(string(b), "\x89PNG\r\n\x1a\n") && !strings.HasPrefix(string(b), "\xff\xd8\xff"):
			p.Add("logo", CodeFormat, "must be a PNG or JPEG image")
		}
	}
	seen := map[string]bool{}
	for i := range s.ExchangeRates {
		r := &s.ExchangeRates[i]
		f := fmt.Sprintf("exchange_rates.%d", i)
		CleanCurrency(&p, f+".currency", &r.Currency, true)
		if r.Currency != "" && seen[r.Currency] {
			p.Add(f+".currency", CodeFormat, fmt.Sprintf("%s has two rates", r.Currency))
		}
		if r.Currency != "" && r.Currency == s.DefaultCurrency {
			p.Add(f+".currency", CodeCurrency, "is the default currency itself")
		}
		seen[r.Currency] = true
		r.Rate = strings.TrimSpace(strings.ReplaceAll(r.Rate, ",", "."))
		if _, err := parseRate(r.Rate); err != nil {
			p.Add(f+".rate", CodeFormat, err.Error())
		}
		CheckDate(&p, f+".date", r.Date, false)
	}
	days := map[int]bool{}
	for i, t := range s.CancellationPolicy {
		f := fmt.Sprintf("cancellation_policy.%d", i)
		CheckInt(&p, f+".days_before", t.DaysBefore, 0, 3650)
		CheckInt(&p, f+".keep_percent", t.KeepPercent, 0, 100)
		if days[t.DaysBefore] {
			p.Add(f+".days_before", CodeFormat, fmt.Sprintf("%d days has two terms", t.DaysBefore))
		}
		days[t.DaysBefore] = true
	}
	CheckInt(&p, "agent_commission_bp", s.AgentCommissionBP, 0, 10000)
	validateSegmentation(&p, s)
	CheckHolidays(&p, "holidays", s.Holidays)
	if !s.DebtLimit.IsZero() {
		CheckMoney(&p, "debt_limit", &s.DebtLimit, false, NotNegative, s.DefaultCurrency)
	}
	return p.Err(KindSetting)
}

// parseRate reads a positive decimal with at most 9 decimals.
func parseRate(s string) (*big.Rat, error) {
	bad := fmt.Errorf("%q is not a rate like 25400 or 0.0000394 (at most 9 decimals)", truncate(s, 30))
	whole, frac, _ := strings.Cut(s, ".")
	if s == "" || len(frac) > 9 || len(whole) > 15 || (whole == "" && frac == "") ||
		(whole != "" && !digits(whole)) || (frac != "" && !digits(frac)) {
		return nil, bad
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() <= 0 {
		return nil, bad
	}
	return r, nil
}

// Convert returns m in the default currency at the recorded rate, rounded
// to a whole minor unit half away from zero. An amount already in the
// default currency is returned as it is; one without a rate fails with an
// error matching ErrNotFound.
func (s *CompanySettings) Convert(m money.Money) (money.Money, error) {
	if m.Currency == s.DefaultCurrency {
		return m, nil
	}
	for _, r := range s.ExchangeRates {
		if r.Currency != m.Currency {
			continue
		}
		rate, err := parseRate(r.Rate)
		if err != nil {
			return money.Money{}, err
		}
		to := money.Money{Currency: s.DefaultCurrency}
		// minor(to) = minor(m) × rate × 10^(exp(to) − exp(m))
		v := new(big.Rat).Mul(new(big.Rat).SetInt64(m.Amount), rate)
		v.Mul(v, pow10(to.Exponent()))
		v.Quo(v, pow10(m.Exponent()))
		n, rem := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
		if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(v.Denom()) >= 0 {
			n.Add(n, big.NewInt(int64(v.Sign())))
		}
		if !n.IsInt64() {
			return money.Money{}, money.ErrOverflow
		}
		to.Amount = n.Int64()
		return to, nil
	}
	return money.Money{}, fmt.Errorf("no exchange rate for %s: %w", m.Currency, ErrNotFound)
}

func pow10(n int) *big.Rat {
	return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil))
}
