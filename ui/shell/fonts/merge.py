"""Builds TourDeskSans-Regular.ttf and TourDeskSans-Bold.ttf (see README.md).

Run from the repository root with Debian's python3-fonttools (4.38):
    /usr/bin/python3 ui/shell/fonts/merge.py
"""
from fontTools import subset
from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

SRC = 'assets/fonts/'
OUT = 'ui/shell/fonts/'

# CJK radicals, punctuation, kana, bopomofo, strokes, enclosed and
# compatibility forms, unified ideographs (extension A and the main
# block), compatibility ideographs, vertical and full-width forms.
CJK = [(0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
       (0x31A0, 0x31BF), (0x31C0, 0x31EF), (0x3200, 0x32FF), (0x3300, 0x33FF),
       (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
       (0xFF00, 0xFFEF)]

cjk = TTFont(SRC + 'WenQuanYiMicroHei.ttf')
opts = subset.Options()
opts.layout_features = ['*']
opts.name_IDs = ['*']
opts.notdef_outline = True
opts.hinting = False
s = subset.Subsetter(opts)
s.populate(unicodes=[u for a, b in CJK for u in range(a, b + 1)])
s.subset(cjk)
scale_upem(cjk, 1000)  # Noto Sans's units per em
cjk.save('/tmp/tourdesk-cjk-subset.ttf')

for style in ['Regular', 'Bold']:
    m = Merger(options=Options(drop_tables=['vhea', 'vmtx', 'VORG', 'BASE', 'JSTF', 'DSIG', 'hdmx', 'LTSH',
                                            'kern', 'gasp', 'prep', 'fpgm', 'cvt ', 'FFTM']))
    f = m.merge([SRC + 'NotoSans-%s.ttf' % style, '/tmp/tourdesk-cjk-subset.ttf'])
    name = f['name']
    for nid, value in [(1, 'TourDesk Sans'), (16, 'TourDesk Sans'), (4, 'TourDesk Sans ' + style),
                       (6, 'TourDeskSans-' + style), (3, 'TourDeskSans-' + style)]:
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    f.save(OUT + 'TourDeskSans-%s.ttf' % style)
