package inwords

import "strings"

var zhDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}

var zhPlaces = [4]string{"", "拾", "佰", "仟"}

// zhScales name the groups of four digits from the lowest: 万 (10⁴),
// 亿 (10⁸), 万亿 (10¹²), 亿亿 (10¹⁶).
var zhScales = []string{"", "万", "亿", "万亿", "亿亿"}

func zhInt(u uint64) string {
	if u == 0 {
		return zhDigits[0]
	}
	var groups []uint64
	for v := u; v > 0; v /= 10000 {
		groups = append(groups, v%10000)
	}
	var b strings.Builder
	zero := false // a zero is owed before the next digit written
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			zero = b.Len() > 0
			continue
		}
		if b.Len() > 0 && g < 1000 {
			zero = true
		}
		for p := 3; p >= 0; p-- {
			d := g / pow10[p] % 10
			if d == 0 {
				if b.Len() > 0 {
					zero = true
				}
				continue
			}
			if zero {
				b.WriteString(zhDigits[0])
				zero = false
			}
			b.WriteString(zhDigits[d])
			b.WriteString(zhPlaces[p])
		}
		b.WriteString(zhScales[i])
		// Zeros at the end of a group are read only if a smaller group
		// follows that needs them (checked at the top of the loop).
		zero = false
	}
	return b.String()
}

var pow10 = [4]uint64{1, 10, 100, 1000}

// zhCurrency names currencies as Chinese banks write them before an amount.
var zhCurrency = map[string]string{
	"CNY": "人民币",
	"USD": "美元",
	"EUR": "欧元",
	"RUB": "卢布",
	"VND": "越南盾",
	"JPY": "日元",
	"KRW": "韩元",
	"HKD": "港币",
	"TWD": "新台币",
	"THB": "泰铢",
	"GBP": "英镑",
	"SGD": "新加坡元",
	"AUD": "澳大利亚元",
}

func zhAmount(major, minor, scale uint64, cur string) string {
	name, ok := zhCurrency[cur]
	if !ok {
		name = cur
	}
	var b strings.Builder
	b.WriteString(name)
	if scale != 100 {
		// 角 and 分 are tenths and hundredths: other minor units are
		// written as a fraction.
		b.WriteString(zhInt(major))
		b.WriteString("元")
		if minor != 0 {
			b.WriteString(fraction(minor, scale))
		} else {
			b.WriteString("整")
		}
		return b.String()
	}
	jiao, fen := minor/10, minor%10
	if major > 0 || minor == 0 {
		b.WriteString(zhInt(major))
		b.WriteString("元")
	}
	switch {
	case jiao > 0:
		b.WriteString(zhDigits[jiao] + "角")
	case fen > 0 && major > 0:
		b.WriteString(zhDigits[0])
	}
	if fen > 0 {
		b.WriteString(zhDigits[fen] + "分")
	} else {
		b.WriteString("整")
	}
	return b.String()
}
