#!/usr/bin/env bash
# icon.sh redraws icon.png (512x512, the TourDesk app icon) with ImageMagick 6:
# a rounded blue square, a white globe and a yellow orbit arrow in front of it.
# Run it from anywhere: bash assets/icon.sh. It overwrites assets/icon.png.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Background: vertical blue gradient clipped to a rounded square.
convert -size 512x512 gradient:'#42A5F5'-'#0D47A1' \
	\( -size 512x512 xc:none -fill white -draw "roundrectangle 16,16 495,495 104,104" \) \
	-alpha off -compose CopyOpacity -composite "$tmp/bg.png"

# Globe: outline, a meridian ellipse, the prime meridian, the equator and two
# curved parallels.
convert "$tmp/bg.png" -fill none -stroke white -strokewidth 18 \
	-draw "circle 256,256 256,100" \
	-draw "ellipse 256,256 70,156 0,360" \
	-draw "line 256,100 256,412" \
	-draw "line 100,256 412,256" \
	-strokewidth 14 \
	-draw "path 'M 126,176 Q 256,206 386,176'" \
	-draw "path 'M 126,336 Q 256,306 386,336'" \
	"$tmp/globe.png"

# Orbit: the front (lower) half of an ellipse, so it passes in front of the
# globe, ending in an arrow head on the right.
convert -size 512x512 xc:none -fill none -stroke '#FFC107' -strokewidth 16 \
	-draw "ellipse 256,318 212,64 0,360" \
	-channel A -fx "j<=318?0:u.a" +channel "$tmp/orbit.png"

convert "$tmp/globe.png" "$tmp/orbit.png" -composite \
	-fill '#FFC107' -stroke none -draw "polygon 452,318 490,318 471,284" \
	-depth 8 -strip icon.png
