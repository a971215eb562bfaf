package service

import "testing"

// The settlement's roundings, half away from zero, worked by hand.
func TestRoundDivCommissionMargin(t *testing.T) {
	for _, tt := range []struct{ n, d, want int64 }{
		{7, 2, 4},   // 3.5 → 4
		{-7, 2, -4}, // −3.5 → −4
		{7, -2, -4},
		{-7, -2, 4},
		{5, 3, 2}, // 1.67
		{4, 3, 1}, // 1.33
		{-5, 3, -2},
		{0, 9, 0},
		{9, 0, 0}, // no denominator: 0
	} {
		if got := roundDiv(tt.n, tt.d); got != tt.want {
			t.Errorf("roundDiv(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
		}
	}
	// 5% of 6,000,000 = 300,000; 2.5% of 3 = 0.075 → 0; 2.5% of 20 = 0.5 → 1;
	// of −20 → −1.
	for _, tt := range []struct {
		rev  int64
		bp   int
		want int64
	}{{6_000_000, 500, 300_000}, {3, 250, 0}, {20, 250, 1}, {-20, 250, -1}} {
		if got := Commission(tt.rev, tt.bp); got != tt.want {
			t.Errorf("Commission(%d, %d) = %d, want %d", tt.rev, tt.bp, got, tt.want)
		}
	}
	// 4,775,000 / 20,100,000 = 23.756% → 2376 bp; −1,333,333 / 1,000,000 =
	// −133.3333% → −13333 bp; nothing sold → 0.
	for _, tt := range []struct{ profit, revenue, want int64 }{{4_775_000, 20_100_000, 2376}, {-1_333_333, 1_000_000, -13333}, {500, 0, 0}} {
		if got := marginBP(tt.profit, tt.revenue); got != tt.want {
			t.Errorf("marginBP(%d, %d) = %d, want %d", tt.profit, tt.revenue, got, tt.want)
		}
	}
}
