"""Formula table: hand-worked counts and formula values for short named texts.

Every expected value below was worked out by hand from the published formulas
(arithmetic in the comment beside it), never by running the code. Syllables of
dictionary words are CMUdict's; numerals are read aloud (docs/readability.md).
"""

from __future__ import annotations

import math

import pytest

from audit.readability import ReadabilityCounts, metrics_from_counts, score_blocks
import resources as R

# (name, blocks, expected counts, expected metrics)
TABLE = [
    ("EMPTY", R.EMPTY, dict(words=0, sentences=0, syllables=0, letters=0), None),
    (
        "ONE_SENTENCE",
        R.ONE_SENTENCE,
        dict(words=5, sentences=1, syllables=6, polysyllables=0, complex_words=0,
             letters=20, characters=20, long_words=0, dale_chall_unfamiliar=0, passive_sentences=0),
        # take1 one1 tab-let2 by1 mouth1 = 6 syllables; letters 4+3+6+2+5 = 20; all on the list
        {
            "flesch_reading_ease": 100.24,  # 206.835 - 1.015*5/1 - 84.6*6/5 = 206.835 - 5.075 - 101.52
            "flesch_kincaid_grade": 0.52,  # 0.39*5/1 + 11.8*6/5 - 15.59 = 1.95 + 14.16 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/1) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 2,  # 0.4*(5/1 + 100*0/5) = 0.4*(5 + 0)
            "coleman_liau": 1.8,  # 0.0588*(100*20/5) - 0.296*(100*1/5) - 15.8 = 23.52 - 5.92 - 15.8
            "ari": -0.09,  # 4.71*20/5 + 0.5*5/1 - 21.43 = 18.84 + 2.5 - 21.43
            "dale_chall": 0.248,  # 0.1579*(100*0/5) + 0.0496*5/1 = 0 + 0.248 (% unfamiliar 0 <= 5)
            "dale_chall_grade": 4,  # raw 0.248 in the Chall-Dale band -> 4
            "consensus_grade": 1.9,  # median of sorted ['-0.09', '0.52', '1.8', '2', '3.1291', '4'] = (1.8 + 2)/2
            "grade_spread": 4.09,  # 4 - (-0.09)
        },
    ),
    (
        "TWO_SENTENCES",
        R.TWO_SENTENCES,
        dict(words=11, sentences=2, syllables=13, polysyllables=0, complex_words=0,
             letters=42, characters=42, long_words=0, dale_chall_unfamiliar=0, passive_sentences=0),
        # 6 + drink1 a1 full1 glass1 of1 wa-ter2 = 13; letters 20 + 5+1+4+5+2+5 = 42
        {
            "flesch_reading_ease": 101.270682,  # 206.835 - 1.015*11/2 - 84.6*13/11 = 206.835 - 5.5825 - 99.981818
            "flesch_kincaid_grade": 0.500455,  # 0.39*11/2 + 11.8*13/11 - 15.59 = 2.145 + 13.945455 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/2) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 2.2,  # 0.4*(11/2 + 100*0/11) = 0.4*(5.5 + 0)
            "coleman_liau": 1.269091,  # 0.0588*(100*42/11) - 0.296*(100*2/11) - 15.8 = 22.450909 - 5.381818 - 15.8
            "ari": -0.696364,  # 4.71*42/11 + 0.5*11/2 - 21.43 = 17.983636 + 2.75 - 21.43
            "dale_chall": 0.2728,  # 0.1579*(100*0/11) + 0.0496*11/2 = 0 + 0.2728 (% unfamiliar 0 <= 5)
            "dale_chall_grade": 4,  # raw 0.2728 in the Chall-Dale band -> 4
            "consensus_grade": 1.734545,  # median of sorted ['-0.696364', '0.500455', '1.269091', '2.2', '3.1291', '4'] = (1.269091 + 2.2)/2
            "grade_spread": 4.696364,  # 4 - (-0.696364)
        },
    ),
    (
        "BULLET_LIST",
        R.BULLET_LIST,
        dict(words=9, sentences=4, syllables=12, polysyllables=0, complex_words=0,
             letters=40, characters=40, long_words=0, dale_chall_unfamiliar=1, passive_sentences=0),
        # 4 blocks = 4 sentences; fe-ver2 chills1 blood1 in1 the1 u-rine2 call1 your1 doc-tor2 = 12
        # letters 5+6+5+2+3+5+4+4+6 = 40; unfamiliar: urine (chills = chill + -s is familiar)
        {
            "flesch_reading_ease": 91.75125,  # 206.835 - 1.015*9/4 - 84.6*12/9 = 206.835 - 2.28375 - 112.8
            "flesch_kincaid_grade": 1.020833,  # 0.39*9/4 + 11.8*12/9 - 15.59 = 0.8775 + 15.733333 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/4) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 0.9,  # 0.4*(9/4 + 100*0/9) = 0.4*(2.25 + 0)
            "coleman_liau": -2.822222,  # 0.0588*(100*40/9) - 0.296*(100*4/9) - 15.8 = 26.133333 - 13.155556 - 15.8
            "ari": 0.628333,  # 4.71*40/9 + 0.5*9/4 - 21.43 = 20.933333 + 1.125 - 21.43
            "dale_chall": 5.502544,  # 0.1579*(100*1/9) + 0.0496*9/4 + 3.6365 = 1.754444 + 0.1116 + 3.6365 (% unfamiliar 11.111111 > 5)
            "dale_chall_grade": 5.5,  # raw 5.502544 in the Chall-Dale band -> 5.5
            "consensus_grade": 0.960417,  # median of sorted ['-2.822222', '0.628333', '0.9', '1.020833', '3.1291', '5.5'] = (0.9 + 1.020833)/2
            "grade_spread": 8.322222,  # 5.5 - (-2.822222)
        },
    ),
    (
        "LEAD_IN",
        R.LEAD_IN,
        dict(words=8, sentences=2, syllables=14, polysyllables=2, complex_words=1,
             letters=43, characters=43, long_words=3, dale_chall_unfamiliar=4, passive_sentences=0),
        # "Targeted Therapy:" + "This form of treatment uses drugs."
        # tar-get-ed3 ther-a-py3 this1 form1 of1 treat-ment2 us-es2 drugs1 = 14; poly: Targeted, Therapy
        # complex: Therapy only (Targeted = target2 + -ed; no proper-noun exemption in a lead-in)
        # letters 8+7+4+4+2+9+4+5 = 43; long (>= 7): targeted, therapy, treatment
        # unfamiliar: targeted (target not listed), therapy, treatment, drugs (uses = use + -s)
        {
            "flesch_reading_ease": 54.725,  # 206.835 - 1.015*8/2 - 84.6*14/8 = 206.835 - 4.06 - 148.05
            "flesch_kincaid_grade": 6.62,  # 0.39*8/2 + 11.8*14/8 - 15.59 = 1.56 + 20.65 - 15.59
            "smog": 8.841846,  # 1.043*sqrt(2*30/2) + 3.1291 = 1.043*5.477226 + 3.1291
            "gunning_fog": 6.6,  # 0.4*(8/2 + 100*1/8) = 0.4*(4 + 12.5)
            "coleman_liau": 8.405,  # 0.0588*(100*43/8) - 0.296*(100*2/8) - 15.8 = 31.605 - 7.4 - 15.8
            "ari": 5.88625,  # 4.71*43/8 + 0.5*8/2 - 21.43 = 25.31625 + 2 - 21.43
            "dale_chall": 11.7299,  # 0.1579*(100*4/8) + 0.0496*8/2 + 3.6365 = 7.895 + 0.1984 + 3.6365 (% unfamiliar 50 > 5)
            "dale_chall_grade": 16,  # raw 11.7299 in the Chall-Dale band -> 16
            "consensus_grade": 7.5125,  # median of sorted ['5.88625', '6.6', '6.62', '8.405', '8.841846', '16'] = (6.62 + 8.405)/2
            "grade_spread": 10.11375,  # 16 - (5.88625)
        },
    ),
    (
        "ABBREVIATIONS",
        R.ABBREVIATIONS,
        dict(words=17, sentences=2, syllables=20, polysyllables=0, complex_words=0,
             letters=50, characters=51, long_words=0, dale_chall_unfamiliar=3, passive_sentences=0),
        # Dr Smith saw Mrs Jones in the U.S. last week e.g. on Jan 5 | She was well = 14 + 3 words
        # Dr1 (CMUdict) Smith1 saw1 Mrs2 Jones1 in1 the1 U.S.2 (letters) last1 week1 e.g.2 on1 Jan1
        # 5=five1 | she1 was1 well1 = 17 + 3 = 20
        # letters 2+5+3+3+5+2+3+2+4+4+2+2+3+0 + 3+3+4 = 50; characters + the digit 5 = 51
        # unfamiliar: Dr (sentence-initial, not listed), U.S., e.g.; Smith/Mrs/Jones/Jan proper
        {
            "flesch_reading_ease": 98.678088,  # 206.835 - 1.015*17/2 - 84.6*20/17 = 206.835 - 8.6275 - 99.529412
            "flesch_kincaid_grade": 1.607353,  # 0.39*17/2 + 11.8*20/17 - 15.59 = 3.315 + 13.882353 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/2) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 3.4,  # 0.4*(17/2 + 100*0/17) = 0.4*(8.5 + 0)
            "coleman_liau": -1.988235,  # 0.0588*(100*50/17) - 0.296*(100*2/17) - 15.8 = 17.294118 - 3.482353 - 15.8
            "ari": -3.05,  # 4.71*51/17 + 0.5*17/2 - 21.43 = 14.13 + 4.25 - 21.43
            "dale_chall": 6.844571,  # 0.1579*(100*3/17) + 0.0496*17/2 + 3.6365 = 2.786471 + 0.4216 + 3.6365 (% unfamiliar 17.647059 > 5)
            "dale_chall_grade": 7.5,  # raw 6.844571 in the Chall-Dale band -> 7.5
            "consensus_grade": 2.368226,  # median of sorted ['-3.05', '-1.988235', '1.607353', '3.1291', '3.4', '7.5'] = (1.607353 + 3.1291)/2
            "grade_spread": 10.55,  # 7.5 - (-3.05)
        },
    ),
    (
        "DECIMAL_DOSE",
        R.DECIMAL_DOSE,
        dict(words=17, sentences=2, syllables=25, polysyllables=2, complex_words=0,
             letters=49, characters=53, long_words=0, dale_chall_unfamiliar=2, passive_sentences=0),
        # take1 2.5=two-point-five3 mg2 of1 the1 drug1 each1 day1 = 11
        # do1 not1 take1 more1 than1 7.5mg=sev-en-point-five4+mg2=6 in1 one1 day1 = 14; total 25
        # poly: 2.5, 7.5mg (numerals count for SMOG, never for Gunning)
        # letters 4+2+2+3+4+4+3 + 2+3+4+4+4+2+2+3+3 = 49; characters + digits 2,5,7,5 = 53
        # unfamiliar: mg, drug (numerals are familiar)
        {
            "flesch_reading_ease": 73.795735,  # 206.835 - 1.015*17/2 - 84.6*25/17 = 206.835 - 8.6275 - 124.411765
            "flesch_kincaid_grade": 5.077941,  # 0.39*17/2 + 11.8*25/17 - 15.59 = 3.315 + 17.352941 - 15.59
            "smog": 8.841846,  # 1.043*sqrt(2*30/2) + 3.1291 = 1.043*5.477226 + 3.1291
            "gunning_fog": 3.4,  # 0.4*(17/2 + 100*0/17) = 0.4*(8.5 + 0)
            "coleman_liau": -2.334118,  # 0.0588*(100*49/17) - 0.296*(100*2/17) - 15.8 = 16.948235 - 3.482353 - 15.8
            "ari": -2.495882,  # 4.71*53/17 + 0.5*17/2 - 21.43 = 14.684118 + 4.25 - 21.43
            "dale_chall": 5.915747,  # 0.1579*(100*2/17) + 0.0496*17/2 + 3.6365 = 1.857647 + 0.4216 + 3.6365 (% unfamiliar 11.764706 > 5)
            "dale_chall_grade": 5.5,  # raw 5.915747 in the Chall-Dale band -> 5.5
            "consensus_grade": 4.238971,  # median of sorted ['-2.495882', '-2.334118', '3.4', '5.077941', '5.5', '8.841846'] = (3.4 + 5.077941)/2
            "grade_spread": 11.337729,  # 8.841846 - (-2.495882)
        },
    ),
    (
        "PASSIVE",
        R.PASSIVE,
        dict(words=9, sentences=2, syllables=11, polysyllables=0, complex_words=0,
             letters=36, characters=36, long_words=1, dale_chall_unfamiliar=2, passive_sentences=1),
        # the1 tu-mor2 was1 re-moved2 + we1 will1 check1 the1 scar1 = 11; "was removed" passive
        # letters 3+5+3+7 + 2+4+5+3+4 = 36; long: removed; unfamiliar: tumor, scar
        {
            "flesch_reading_ease": 98.8675,  # 206.835 - 1.015*9/2 - 84.6*11/9 = 206.835 - 4.5675 - 103.4
            "flesch_kincaid_grade": 0.587222,  # 0.39*9/2 + 11.8*11/9 - 15.59 = 1.755 + 14.422222 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/2) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 1.8,  # 0.4*(9/2 + 100*0/9) = 0.4*(4.5 + 0)
            "coleman_liau": 1.142222,  # 0.0588*(100*36/9) - 0.296*(100*2/9) - 15.8 = 23.52 - 6.577778 - 15.8
            "ari": -0.34,  # 4.71*36/9 + 0.5*9/2 - 21.43 = 18.84 + 2.25 - 21.43
            "dale_chall": 7.368589,  # 0.1579*(100*2/9) + 0.0496*9/2 + 3.6365 = 3.508889 + 0.2232 + 3.6365 (% unfamiliar 22.222222 > 5)
            "dale_chall_grade": 9.5,  # raw 7.368589 in the Chall-Dale band -> 9.5
            "consensus_grade": 1.471111,  # median of sorted ['-0.34', '0.587222', '1.142222', '1.8', '3.1291', '9.5'] = (1.142222 + 1.8)/2
            "grade_spread": 9.84,  # 9.5 - (-0.34)
        },
    ),
    (
        "INITIALS",
        R.INITIALS,
        dict(words=11, sentences=2, syllables=13, polysyllables=1, complex_words=0,
             letters=37, characters=37, long_words=1, dale_chall_unfamiliar=2, passive_sentences=0),
        # J1 R1 Smith1 wrote1 the1 book1 + John1 F1 Ken-ne-dy3 read1 it1 = 13; poly: Kennedy
        # complex 0: Kennedy is a proper noun; letters 1+1+5+5+3+4 + 4+1+7+4+2 = 37
        # unfamiliar: J and John (sentence-initial, not listed); R, Smith, F, Kennedy proper
        {
            "flesch_reading_ease": 101.270682,  # 206.835 - 1.015*11/2 - 84.6*13/11 = 206.835 - 5.5825 - 99.981818
            "flesch_kincaid_grade": 0.500455,  # 0.39*11/2 + 11.8*13/11 - 15.59 = 2.145 + 13.945455 - 15.59
            "smog": 7.168622,  # 1.043*sqrt(1*30/2) + 3.1291 = 1.043*3.872983 + 3.1291
            "gunning_fog": 2.2,  # 0.4*(11/2 + 100*0/11) = 0.4*(5.5 + 0)
            "coleman_liau": -1.403636,  # 0.0588*(100*37/11) - 0.296*(100*2/11) - 15.8 = 19.778182 - 5.381818 - 15.8
            "ari": -2.837273,  # 4.71*37/11 + 0.5*11/2 - 21.43 = 15.842727 + 2.75 - 21.43
            "dale_chall": 6.780209,  # 0.1579*(100*2/11) + 0.0496*11/2 + 3.6365 = 2.870909 + 0.2728 + 3.6365 (% unfamiliar 18.181818 > 5)
            "dale_chall_grade": 7.5,  # raw 6.780209 in the Chall-Dale band -> 7.5
            "consensus_grade": 1.350227,  # median of sorted ['-2.837273', '-1.403636', '0.500455', '2.2', '7.168622', '7.5'] = (0.500455 + 2.2)/2
            "grade_spread": 10.337273,  # 7.5 - (-2.837273)
        },
    ),
    (
        "URL",
        R.URL,
        dict(words=4, sentences=1, syllables=5, polysyllables=0, complex_words=0,
             letters=24, characters=24, long_words=1, dale_chall_unfamiliar=0, passive_sentences=0),
        # vis-it2 www.cancer.gov1 (one opaque word) for1 help1 = 5; letters 5+12+3+4 = 24
        {
            "flesch_reading_ease": 97.025,  # 206.835 - 1.015*4/1 - 84.6*5/4 = 206.835 - 4.06 - 105.75
            "flesch_kincaid_grade": 0.72,  # 0.39*4/1 + 11.8*5/4 - 15.59 = 1.56 + 14.75 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/1) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 1.6,  # 0.4*(4/1 + 100*0/4) = 0.4*(4 + 0)
            "coleman_liau": 12.08,  # 0.0588*(100*24/4) - 0.296*(100*1/4) - 15.8 = 35.28 - 7.4 - 15.8
            "ari": 8.83,  # 4.71*24/4 + 0.5*4/1 - 21.43 = 28.26 + 2 - 21.43
            "dale_chall": 0.1984,  # 0.1579*(100*0/4) + 0.0496*4/1 = 0 + 0.1984 (% unfamiliar 0 <= 5)
            "dale_chall_grade": 4,  # raw 0.1984 in the Chall-Dale band -> 4
            "consensus_grade": 3.56455,  # median of sorted ['0.72', '1.6', '3.1291', '4', '8.83', '12.08'] = (3.1291 + 4)/2
            "grade_spread": 11.36,  # 12.08 - (0.72)
        },
    ),
    (
        "TIME",
        R.TIME,
        dict(words=8, sentences=1, syllables=10, polysyllables=1, complex_words=0,
             letters=24, characters=28, long_words=0, dale_chall_unfamiliar=0, passive_sentences=0),
        # come1 in1 at1 10:30=ten-thir-ty3 and1 bring1 your1 card1 = 10; poly: 10:30
        # letters 4+2+2+3+5+4+4 = 24; characters + 4 digits = 28
        {
            "flesch_reading_ease": 92.965,  # 206.835 - 1.015*8/1 - 84.6*10/8 = 206.835 - 8.12 - 105.75
            "flesch_kincaid_grade": 2.28,  # 0.39*8/1 + 11.8*10/8 - 15.59 = 3.12 + 14.75 - 15.59
            "smog": 8.841846,  # 1.043*sqrt(1*30/1) + 3.1291 = 1.043*5.477226 + 3.1291
            "gunning_fog": 3.2,  # 0.4*(8/1 + 100*0/8) = 0.4*(8 + 0)
            "coleman_liau": -1.86,  # 0.0588*(100*24/8) - 0.296*(100*1/8) - 15.8 = 17.64 - 3.7 - 15.8
            "ari": -0.945,  # 4.71*28/8 + 0.5*8/1 - 21.43 = 16.485 + 4 - 21.43
            "dale_chall": 0.3968,  # 0.1579*(100*0/8) + 0.0496*8/1 = 0 + 0.3968 (% unfamiliar 0 <= 5)
            "dale_chall_grade": 4,  # raw 0.3968 in the Chall-Dale band -> 4
            "consensus_grade": 2.74,  # median of sorted ['-1.86', '-0.945', '2.28', '3.2', '4', '8.841846'] = (2.28 + 3.2)/2
            "grade_spread": 10.701846,  # 8.841846 - (-1.86)
        },
    ),
    (
        "PARAGRAPH",
        R.PARAGRAPH,
        dict(words=10, sentences=2, syllables=20, polysyllables=2, complex_words=1,
             letters=54, characters=54, long_words=2, dale_chall_unfamiliar=1, passive_sentences=0),
        # ask1 doc-tor2 an-der-son3 a-bout2 im-mu-no-ther-a-py6 + it1 can1 help1 some1 peo-ple2 = 20
        # poly: Anderson, immunotherapy; complex: immunotherapy (Anderson is a proper noun)
        # letters 3+6+8+5+13 + 2+3+4+4+6 = 54; long: anderson, immunotherapy
        {
            "flesch_reading_ease": 32.56,  # 206.835 - 1.015*10/2 - 84.6*20/10 = 206.835 - 5.075 - 169.2
            "flesch_kincaid_grade": 9.96,  # 0.39*10/2 + 11.8*20/10 - 15.59 = 1.95 + 23.6 - 15.59
            "smog": 8.841846,  # 1.043*sqrt(2*30/2) + 3.1291 = 1.043*5.477226 + 3.1291
            "gunning_fog": 6,  # 0.4*(10/2 + 100*1/10) = 0.4*(5 + 10)
            "coleman_liau": 10.032,  # 0.0588*(100*54/10) - 0.296*(100*2/10) - 15.8 = 31.752 - 5.92 - 15.8
            "ari": 6.504,  # 4.71*54/10 + 0.5*10/2 - 21.43 = 25.434 + 2.5 - 21.43
            "dale_chall": 5.4635,  # 0.1579*(100*1/10) + 0.0496*10/2 + 3.6365 = 1.579 + 0.248 + 3.6365 (% unfamiliar 10 > 5)
            "dale_chall_grade": 5.5,  # raw 5.4635 in the Chall-Dale band -> 5.5
            "consensus_grade": 7.672923,  # median of sorted ['5.5', '6', '6.504', '8.841846', '9.96', '10.032'] = (6.504 + 8.841846)/2
            "grade_spread": 4.532,  # 10.032 - (5.5)
        },
    ),
    (
        "QUESTION",
        R.QUESTION,
        dict(words=6, sentences=2, syllables=8, polysyllables=0, complex_words=0,
             letters=23, characters=23, long_words=0, dale_chall_unfamiliar=1, passive_sentences=0),
        # is1 it1 can-cer2 + ask1 your1 doc-tor2 = 8; letters 2+2+6+3+4+6 = 23; unfamiliar: cancer
        {
            "flesch_reading_ease": 90.99,  # 206.835 - 1.015*6/2 - 84.6*8/6 = 206.835 - 3.045 - 112.8
            "flesch_kincaid_grade": 1.313333,  # 0.39*6/2 + 11.8*8/6 - 15.59 = 1.17 + 15.733333 - 15.59
            "smog": 3.1291,  # 1.043*sqrt(0*30/2) + 3.1291 = 1.043*0 + 3.1291
            "gunning_fog": 1.2,  # 0.4*(6/2 + 100*0/6) = 0.4*(3 + 0)
            "coleman_liau": -3.126667,  # 0.0588*(100*23/6) - 0.296*(100*2/6) - 15.8 = 22.54 - 9.866667 - 15.8
            "ari": -1.875,  # 4.71*23/6 + 0.5*6/2 - 21.43 = 18.055 + 1.5 - 21.43
            "dale_chall": 6.416967,  # 0.1579*(100*1/6) + 0.0496*6/2 + 3.6365 = 2.631667 + 0.1488 + 3.6365 (% unfamiliar 16.666667 > 5)
            "dale_chall_grade": 7.5,  # raw 6.416967 in the Chall-Dale band -> 7.5
            "consensus_grade": 1.256667,  # median of sorted ['-3.126667', '-1.875', '1.2', '1.313333', '3.1291', '7.5'] = (1.2 + 1.313333)/2
            "grade_spread": 10.626667,  # 7.5 - (-3.126667)
        },
    ),
    (
        "DASH_SLASH",
        R.DASH_SLASH,
        dict(words=9, sentences=1, syllables=16, polysyllables=2, complex_words=1,
             letters=43, characters=43, long_words=1, dale_chall_unfamiliar=1, passive_sentences=0),
        # take1 an1 o-ver-the-coun-ter5 pain1 pill1 | ask1 a-bout2 HIV3 / AIDS1 = 16
        # (the em dash and the slash separate words); poly: over-the-counter, HIV
        # complex: HIV only (over-the-counter is a compound of easy words)
        # letters 4+2+14+4+4+3+5+3+4 = 43; long: over-the-counter
        # unfamiliar: HIV (AIDS = aid + -s is familiar by the inflection rule)
        {
            "flesch_reading_ease": 47.3,  # 206.835 - 1.015*9/1 - 84.6*16/9 = 206.835 - 9.135 - 150.4
            "flesch_kincaid_grade": 8.897778,  # 0.39*9/1 + 11.8*16/9 - 15.59 = 3.51 + 20.977778 - 15.59
            "smog": 11.208143,  # 1.043*sqrt(2*30/1) + 3.1291 = 1.043*7.745967 + 3.1291
            "gunning_fog": 8.044444,  # 0.4*(9/1 + 100*1/9) = 0.4*(9 + 11.111111)
            "coleman_liau": 9.004444,  # 0.0588*(100*43/9) - 0.296*(100*1/9) - 15.8 = 28.093333 - 3.288889 - 15.8
            "ari": 5.573333,  # 4.71*43/9 + 0.5*9/1 - 21.43 = 22.503333 + 4.5 - 21.43
            "dale_chall": 5.837344,  # 0.1579*(100*1/9) + 0.0496*9/1 + 3.6365 = 1.754444 + 0.4464 + 3.6365 (% unfamiliar 11.111111 > 5)
            "dale_chall_grade": 5.5,  # raw 5.837344 in the Chall-Dale band -> 5.5
            "consensus_grade": 8.471111,  # median of sorted ['5.5', '5.573333', '8.044444', '8.897778', '9.004444', '11.208143'] = (8.044444 + 8.897778)/2
            "grade_spread": 5.708143,  # 11.208143 - (5.5)
        },
    ),
]


@pytest.mark.parametrize(("name", "blocks", "counts", "metrics"), TABLE, ids=[r[0] for r in TABLE])
def test_formula_table_counts(name, blocks, counts, metrics):
    result = score_blocks(blocks)
    got = result.counts.to_dict()
    for key, value in counts.items():
        assert got[key] == value, f"{name}: {key}"


@pytest.mark.parametrize(("name", "blocks", "counts", "metrics"), TABLE, ids=[r[0] for r in TABLE])
def test_formula_table_metrics(name, blocks, counts, metrics):
    got = score_blocks(blocks).metrics
    if metrics is None:
        assert all(v is None for v in got.to_dict().values())
        return
    for key, value in metrics.items():
        assert getattr(got, key) == pytest.approx(value, abs=1e-3), f"{name}: {key}"
    grades = got.grades()
    assert got.grade_min == min(grades.values())
    assert got.grade_max == max(grades.values())


def test_metrics_from_counts_zero_gives_all_none():
    metrics = metrics_from_counts(ReadabilityCounts.zero())
    assert metrics.to_dict() == {**{k: None for k in metrics.to_dict()}, "grades": None}


def test_to_dict_holds_every_field_in_field_order():
    # to_dict is written out as a dict display: it must follow the fields
    from dataclasses import fields

    result = score_blocks(R.PASSIVE)
    for value, extra in ((result.counts, []), (result.metrics, ["grades"])):
        got = value.to_dict()
        names = [f.name for f in fields(value)]
        assert list(got) == names + extra
        assert [got[name] for name in names] == [getattr(value, name) for name in names]
    assert result.metrics.to_dict()["grades"] == result.metrics.grades()


def test_counts_add_up_across_sections():
    a = score_blocks(R.ONE_SENTENCE).counts
    b = score_blocks(R.PASSIVE).counts
    both = score_blocks(R.ONE_SENTENCE + R.PASSIVE).counts
    assert a + b == both
    assert sum([a, b]) == both
    assert a + ReadabilityCounts.zero() == a


@pytest.mark.parametrize(
    ("raw", "grade"),
    [(0.0, 4.0), (4.9, 4.0), (4.99, 4.0), (5.0, 5.5), (5.9, 5.5), (6.0, 7.5), (7.5, 9.5),
     (8.0, 11.5), (9.99, 14.0), (10.0, 16.0), (14.2, 16.0)],
)
def test_chall_dale_grade_table(raw, grade):
    from audit.readability import chall_dale_grade

    assert chall_dale_grade(raw) == grade


def test_smog_on_thirty_sentences_matches_mclaughlin_example():
    # 30 sentences of "Take the medication daily." : 4 words, me-di-ca-tion4 = 1 polysyllable each
    # SMOG = 1.043*sqrt(30*30/30) + 3.1291 = 1.043*5.477226 + 3.1291 = 8.841846
    blocks = [R.para("Take the medication daily.")] * 30
    assert score_blocks(blocks).metrics.smog == pytest.approx(8.841846, abs=1e-6)


def test_no_metric_is_nan_on_table():
    for _name, blocks, _c, _m in TABLE:
        for value in score_blocks(blocks).metrics.to_dict().values():
            assert not (isinstance(value, float) and math.isnan(value))


# ------------------------------------------------------------------ passive
@pytest.mark.parametrize(
    ("sentence", "match"),
    [
        ("The tumor was removed.", "was removed"),
        ("Kidney cancer is often found by chance.", "is often found"),
        ("These drugs are usually also given by vein.", "are usually also given"),
        ("It has been shown to help.", "been shown"),
        ("You may be treated with surgery.", "be treated"),
        ("The cancer is being watched closely.", "being watched"),
        ("The kidney isn't damaged.", "isn't damaged"),
        ("They're treated in the clinic.", "They're treated"),
        ("The cancer is not very often seen in children.", None),  # 3 adverbs
        ("The tumor is located in the kidney.", None),  # adjectival, listed
        ("The cancer is advanced.", None),
        ("The cancer is untreated.", None),  # un- prefix
        ("The clinic is open on Sunday.", None),  # -en word, not a participle
        ("It's done.", None),  # 's is not a be-form
        ("Surgery removes the tumor.", None),
    ],
)
def test_passive_heuristic(sentence, match):
    (stats,) = score_blocks([R.para(sentence)]).sentences
    assert stats.passive_match == match
    assert stats.passive is (match is not None)


def test_long_and_very_long_sentences_are_flagged():
    twenty_one = " ".join(["word"] * 21) + "."
    thirty_one = " ".join(["word"] * 31) + "."
    twenty = " ".join(["word"] * 20) + "."
    result = score_blocks([R.para(twenty), R.para(twenty_one), R.para(thirty_one)])
    assert [(s.long, s.very_long) for s in result.sentences] == [
        (False, False), (True, False), (True, True)
    ]
    assert result.counts.long_sentences == 2
    assert result.counts.very_long_sentences == 1


def test_hard_words_and_block_words_for_editors():
    result = score_blocks(R.PARAGRAPH + R.BULLET_LIST)
    assert result.sentences[0].hard_words == ("Anderson", "immunotherapy")
    assert result.block_words == (10, 1, 1, 4, 3)
    data = result.to_dict()
    assert data["sentences"][0]["hard_words"] == ["Anderson", "immunotherapy"]
