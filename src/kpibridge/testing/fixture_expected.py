"""KPI values of the fixture world, worked out by hand from the rows in `fixture_world.py`.

Periods are local (Europe/Berlin) months of 2025 unless stated. `None` means null (a ratio
with a zero or absent denominator). Exact values are Fractions; tests compare them to the
engine's floats with a relative tolerance of 1e-9.

Local months of the facts that sit on a boundary: s06, o04, c05, n04, e09, l02.mql are on
Feb 1 (23:xx UTC on Jan 31); l08, l07.sql, c07.churn, d09.close on Mar 1; s18, o12, c11 on
Apr 1 (Mar 31 22:30/23:30 UTC = CEST +2); c12 churns on Mar 31 23:00 CEST (March).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

F = Fraction

Value = Fraction | int | None

JAN, FEB, MAR, APR = "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"
MONTHS = (JAN, FEB, MAR)
WINDOW = (date(2025, 1, 1), date(2025, 3, 31))
CHANNELS = ("email", "search", "social")

# ---------------------------------------------------------------------------------------------
# Monthly, window 2025-01-01 … 2025-03-31, overall: kpi -> (Jan, Feb, Mar)
# ---------------------------------------------------------------------------------------------
MONTHLY: dict[str, tuple[Value, Value, Value]] = {
    # spend: Jan 200 + 150 + 50; Feb 250 + 100 + 50; Mar 300 + 120 + 30
    "marketing_spend": (400, 400, 450),
    # Jan s01–s05; Feb s06 (Feb 1 00:15 CET) … s12; Mar s13–s17 (s18 is Apr 1 local)
    "sessions": (5, 7, 5),
    # Jan v01 v02 v03 v04; Feb v05 v02 v06 v07 v03 v08 (s12 has no visitor); Mar v09 v10 v11 v01
    "unique_visitors": (4, 6, 4),
    # Jan 10000 + 20000 + 0; Feb 12000 + 15000 + 0; Mar 15000 + 8000 + 1000
    "ad_impressions": (30000, 27000, 24000),
    # clicks / impressions: Jan 500/30000; Feb 510/27000; Mar (450 + 80 + 20)/24000
    "ad_ctr": (F(500, 30000), F(510, 27000), F(550, 24000)),
    # Jan l01–l04; Feb l05–l07; Mar l08 (Mar 1 00:05 CET), l09–l11
    "leads": (4, 3, 4),
    # by mql_at: Jan l01; Feb l02 (Feb 1 local), l04, l05, l07; Mar l09, l10
    "mqls": (1, 4, 2),
    # by sql_at: Jan l01; Feb l04; Mar l05, l07 (Mar 1 local), l09
    "sqls": (1, 1, 3),
    # spend / leads: 400/4; 400/3; 450/4
    "cost_per_lead": (F(400, 4), F(400, 3), F(450, 4)),
    # leads / sessions: 4/5; 3/7; 4/5
    "visit_to_lead_rate": (F(4, 5), F(3, 7), F(4, 5)),
    # new_customers / leads: 3/4; 4/3; 2/4
    "lead_to_customer_rate": (F(3, 4), F(4, 3), F(2, 4)),
    # Jan c03 c04 c12; Feb c05 (Feb 1 00:30 CET) c06 c07 c08; Mar c09 c10 (c11 is Apr 1 local)
    "new_customers": (3, 4, 2),
    # end Dec: c01 c02 = 2; end Jan: +3 = 5; end Feb: +4 −c02 = 8; end Mar: +2 −c04 −c07 −c12 = 7
    "active_customers": (5, 8, 7),
    # spend / new customers: 400/3; 400/4; 450/2
    "cac": (F(400, 3), F(400, 4), F(450, 2)),
    # Jan 100 + 250 + 80; Feb 60 + 120 + 300 − 50 (refund) + 90 + 40; Mar 200 + 150 + 75.50
    "sales_revenue": (430, 560, F("425.50")),
    # amount > 0: Jan o01–o03; Feb o04 o05 o06 o08 o13 (refund o07 excluded); Mar o09–o11
    "orders": (3, 5, 3),
    # revenue / orders: 430/3; 560/5; 425.50/3
    "average_order_value": (F(430, 3), F(560, 5), F("425.50") / 3),
    # Jan: December revenue 0 -> null; Feb 560/430 − 1; Mar 425.50/560 − 1
    "revenue_growth": (None, F(560, 430) - 1, F("425.50") / 560 - 1),
    # (amount − cost)/amount: Jan costs 40+100+30 = 170 -> 260/430;
    # Feb costs 20+50+120+0+40+10 = 240 -> 320/560; Mar costs 80+60+25.25 = 165.25 -> 260.25/425.5
    "gross_margin": (F(260, 430), F(320, 560), F("260.25") / F("425.50")),
    # by churned_at: Jan none; Feb c02; Mar c07 (Mar 1 local), c04, c12 (Mar 31 23:00 CEST)
    "churned_customers": (0, 1, 3),
    # churned / active at end of previous month: 0/2; 1/5; 3/8
    "churn_rate": (F(0), F(1, 5), F(3, 8)),
    # 1 − churn_rate
    "retention_rate": (F(1), F(4, 5), F(5, 8)),
    # revenue / active at end: 430/5; 560/8; 425.50/7
    "arpu": (F(430, 5), F(560, 8), F("425.50") / 7),
    # arpu / churn_rate: Jan churn 0 -> null; Feb 70/(1/5) = 350; Mar (425.5/7)/(3/8) = 3404/21
    "clv": (None, F(350), F("425.50") / 7 / F(3, 8)),
    # clv / cac: Jan null; Feb 350/100; Mar (3404/21)/225
    "ltv_cac_ratio": (None, F(350, 100), F("425.50") / 7 / F(3, 8) / 225),
    # (revenue − spend)/spend: (430−400)/400; (560−400)/400; (425.5−450)/450
    "romi": (F(30, 400), F(160, 400), F("-24.50") / 450),
    # 100 × (promoters − detractors)/responses: Jan 10, 9, 6 -> 100×(2−1)/3;
    # Feb 3 (n04, Feb 1 local), 8, 10, 7 -> 100×(1−1)/4; Mar 9, 2, 10, 5 -> 100×(2−2)/4
    "nps": (F(100, 3), F(0), F(0)),
    # distinct (campaign, recipient) opened / delivered: Jan {jan r1, jan r2}/{jan r1 r2 r3};
    # Feb {jan r3 (Feb 1 local), feb r5}/{feb r1 r2 r5}; Mar {mar r6, feb r1}/{mar r6 r7}
    "email_open_rate": (F(2, 3), F(2, 3), F(2, 2)),
    # clicked / delivered: Jan {jan r1}/3; Feb {feb r5, feb r2}/3; Mar {mar r6}/2
    "email_click_rate": (F(1, 3), F(2, 3), F(1, 2)),
    # engagements / impressions: Jan (250+480+100)/(5000+8000+2000); Feb no rows; Mar 700/10000
    "engagement_rate": (F(830, 15000), None, F(700, 10000)),
    # (pos − neg)/(pos + neu + neg): Jan (35 − 15)/70; Feb none; Mar (10 − 14)/30
    "net_sentiment": (F(20, 70), None, F(-4, 30)),
    # Jan 3000 + 6000 + 1500; Feb 0; Mar 2500 + 5000
    "social_reach": (10500, 0, 7500),
    # aided / respondents: Jan 200/500; Feb none; Mar (180 + 30)/(400 + 100)
    "brand_awareness": (F(200, 500), None, F(210, 500)),
    # won / (won + lost) by close: Jan d01 1/1; Feb d03 d04 won, d02 lost -> 2/3;
    # Mar d07 d09 (Mar 1 local) won, d06 (Mar 1) d10 lost -> 2/4
    "win_rate": (F(1), F(2, 3), F(2, 4)),
    # open at end: Jan d02 500 + d03 2000 + d09 600; Feb d05 1500 + d06 300 + d09 600 (closes
    # Mar 1 local); Mar d05 1500 + d08 700 + d11 900 (closes Apr 2)
    "pipeline_value": (3100, 2400, 3100),
    # mean days created -> closed of won deals: Jan d01 10; Feb d03 10, d04 14; Mar d07 10, d09 44
    "sales_cycle_days": (F(10), F(12), F(27)),
    # net_profit/revenue, Feb–Mar row (59 days) pro rata: Jan 6200/31000;
    # Feb (5900×28/59 = 2800)/(59000×28/59 = 28000); Mar 3100/31000
    "profit_margin": (F(6200, 31000), F(2800, 28000), F(3100, 31000)),
    # operating_profit/mean capital: Jan 10000/100000; Feb 5600/118000; Mar 6200/118000
    "return_on_capital": (F(10000, 100000), F(5600, 118000), F(6200, 118000)),
    # revenue / market (200 a day in Feb–Mar): Jan 430/10000; Feb 560/5600; Mar 425.5/6200
    "market_share": (F(430, 10000), F(560, 5600), F("425.50") / 6200),
    # leavers / mean((hs + he)/2): Jan 3/102; Feb (6×28/59)/107; Mar (6×31/59)/107
    "employee_turnover": (F(3, 102), F(6 * 28, 59) / 107, F(6 * 31, 59) / 107),
    # enps: Jan 20; Feb and Mar 30
    "employee_engagement": (F(20), F(30), F(30)),
    # metric_values innovation_index: Jan 3 + 5; Feb 4; Mar 6 + 10
    "custom:innovation_index": (F(8), F(4), F(16)),
    # mean: Jan (3+5)/2; Feb 4; Mar (6+10)/2
    "custom:innovation_mean": (F(4), F(4), F(8)),
    # last by date: Jan 5 (Jan 28); Feb 4; Mar 10 (Mar 25)
    "custom:innovation_last": (F(5), F(4), F(10)),
}

# ---------------------------------------------------------------------------------------------
# Monthly by channel, same window: kpi -> channel -> (Jan, Feb, Mar)
# ---------------------------------------------------------------------------------------------
ByDim = dict[str | None, tuple[Value, Value, Value]]

MONTHLY_BY_CHANNEL: dict[str, ByDim] = {
    "marketing_spend": {
        "email": (50, 50, 0),
        "search": (200, 250, 330),  # Mar 300 + 30
        "social": (150, 100, 120),
    },
    # Feb search s07 s08 s12, social s06 s09 s10, email s11
    "sessions": {"email": (1, 1, 0), "search": (3, 3, 3), "social": (1, 3, 2)},
    # Feb search {v02, v06} (s12 no visitor); social {v05, v07, v03}; Mar search {v09, v01}
    "unique_visitors": {"email": (1, 1, 0), "search": (2, 2, 2), "social": (1, 3, 2)},
    "ad_impressions": {
        "email": (0, 0, 0),
        "search": (10000, 12000, 16000),
        "social": (20000, 15000, 8000),
    },
    # email has 0 impressions -> null; search Mar (450 + 20)/(15000 + 1000)
    "ad_ctr": {
        "email": (None, None, None),
        "search": (F(3, 100), F(3, 100), F(470, 16000)),
        "social": (F(1, 100), F(1, 100), F(1, 100)),
    },
    "leads": {"email": (1, 1, 0), "search": (2, 1, 2), "social": (1, 1, 2)},
    # Feb: search l04 l05, social l02, email l07
    "mqls": {"email": (0, 1, 0), "search": (1, 2, 1), "social": (0, 1, 1)},
    # Mar: search l05 l09, email l07. No social row: the facts of sqls are the leads with an
    # sql_at in the window, and no social lead has one (dimension values come from those facts)
    "sqls": {"email": (0, 0, 1), "search": (1, 1, 2)},
    # email Mar 0/0 -> null
    "cost_per_lead": {
        "email": (F(50), F(50), None),
        "search": (F(100), F(250), F(330, 2)),
        "social": (F(150), F(100), F(120, 2)),
    },
    "visit_to_lead_rate": {
        "email": (F(1), F(1), None),
        "search": (F(2, 3), F(1, 3), F(2, 3)),
        "social": (F(1), F(1, 3), F(1)),
    },
    "lead_to_customer_rate": {
        "email": (F(1), F(1), None),
        "search": (F(1), F(2), F(1, 2)),
        "social": (F(0), F(1), F(1, 2)),
    },
    "new_customers": {"email": (1, 1, 0), "search": (2, 2, 1), "social": (0, 1, 1)},
    # end Jan: search c01 c03 c12, social c02, email c04; end Feb: search +c06 +c08, social
    # c05 (c02 churned), email c04 c07; end Mar: search −c12 +c10, social +c09, email none
    "active_customers": {"email": (1, 2, 0), "search": (3, 5, 5), "social": (1, 1, 2)},
    # social Jan 150/0 -> null; email Mar 0/0 -> null
    "cac": {
        "email": (F(50), F(50), None),
        "search": (F(100), F(125), F(330)),
        "social": (None, F(100), F(120)),
    },
    # search Feb 60 + 300 − 50 + 40; social Mar 200 + 75.50
    "sales_revenue": {
        "email": (80, 90, 0),
        "search": (350, 350, 150),
        "social": (0, 120, F("275.50")),
    },
    "orders": {"email": (1, 1, 0), "search": (2, 3, 1), "social": (0, 1, 2)},
    "average_order_value": {
        "email": (F(80), F(90), None),
        "search": (F(175), F(350, 3), F(150)),
        "social": (None, F(120), F("275.50") / 2),
    },
    # vs previous month of the same channel; December had no revenue
    "revenue_growth": {
        "email": (None, F(90, 80) - 1, F(-1)),
        "search": (None, F(0), F(150, 350) - 1),
        "social": (None, None, F("275.50") / 120 - 1),
    },
    # search Jan (350 − 140)/350, Feb (350 − 150)/350, Mar 90/150; social Feb 70/120,
    # Mar (275.50 − 105.25)/275.50; email Jan 50/80, Feb 50/90
    "gross_margin": {
        "email": (F(50, 80), F(50, 90), None),
        "search": (F(210, 350), F(200, 350), F(90, 150)),
        "social": (None, F(70, 120), F("170.25") / F("275.50")),
    },
    "churned_customers": {"email": (0, 0, 2), "search": (0, 0, 1), "social": (0, 1, 0)},
    # churned / active at end of previous month: email 0/0, 0/1, 2/2; search 0/1, 0/3, 1/5;
    # social 0/1, 1/1, 0/1
    "churn_rate": {
        "email": (None, F(0), F(1)),
        "search": (F(0), F(0), F(1, 5)),
        "social": (F(0), F(1), F(0)),
    },
    "retention_rate": {
        "email": (None, F(1), F(0)),
        "search": (F(1), F(1), F(4, 5)),
        "social": (F(1), F(0), F(1)),
    },
    # revenue / active at end: email 80/1, 90/2, 0/0; search 350/3, 350/5, 150/5;
    # social 0/1, 120/1, 275.50/2
    "arpu": {
        "email": (F(80), F(45), None),
        "search": (F(350, 3), F(70), F(30)),
        "social": (F(0), F(120), F("275.50") / 2),
    },
    # arpu / churn_rate, null when churn is 0 or null: search Mar 30/(1/5); social Feb 120/1
    "clv": {
        "email": (None, None, None),
        "search": (None, None, F(150)),
        "social": (None, F(120), None),
    },
    # clv / cac: search Mar 150/330; social Feb 120/100
    "ltv_cac_ratio": {
        "email": (None, None, None),
        "search": (None, None, F(150, 330)),
        "social": (None, F(120, 100), None),
    },
    # (revenue − spend)/spend per channel; email Mar spend 0 -> null
    "romi": {
        "email": (F(30, 50), F(40, 50), None),
        "search": (F(150, 200), F(100, 250), F(-180, 330)),
        "social": (F(-150, 150), F(20, 100), F("155.50") / 120),
    },
    # None = the anonymous answer n06 (Feb, 10)
    "nps": {
        None: (None, F(100), None),
        "email": (F(-100), F(0), None),
        "search": (F(100), F(0), F(-100)),
        "social": (None, F(-100), F(100)),
    },
    # email_events.channel: mar_social is 'social'; Mar email {feb r1} opened / 0 delivered
    "email_open_rate": {"email": (F(2, 3), F(2, 3), None), "social": (None, None, F(1, 2))},
    "email_click_rate": {"email": (F(1, 3), F(2, 3), None), "social": (None, None, F(1, 2))},
    # deals: channel of the lead, else of the customer (d04 -> c07 email, d09 -> c05 social)
    "win_rate": {
        "email": (None, F(1), F(0)),
        "search": (F(1), F(1), F(1)),
        "social": (None, F(0), F(1)),
    },
    # end Jan: search d03, social d02 + d09; end Feb: search d05, social d09, email d06;
    # end Mar: search d05 + d11, social d08
    "pipeline_value": {
        "email": (0, 300, 0),
        "search": (2000, 1500, 2400),
        "social": (1100, 600, 700),
    },
    "sales_cycle_days": {
        "email": (None, F(14), None),
        "search": (F(10), F(10), F(10)),
        "social": (None, None, F(44)),
    },
}

MONTHLY_BY_PLATFORM: dict[str, ByDim] = {
    # linkedin Jan (250 + 100)/(5000 + 2000); Mar 100/4000; instagram Jan 480/8000, Mar 600/6000
    "engagement_rate": {
        "instagram": (F(480, 8000), None, F(600, 6000)),
        "linkedin": (F(350, 7000), None, F(100, 4000)),
    },
    # linkedin Jan pos 15 neu 10 neg 5 -> 10/30, Mar 4 4 2 -> 2/10; instagram Jan 20 10 10,
    # Mar 6 2 12
    "net_sentiment": {
        "instagram": (F(10, 40), None, F(-6, 20)),
        "linkedin": (F(10, 30), None, F(2, 10)),
    },
    "social_reach": {"instagram": (6000, 0, 5000), "linkedin": (4500, 0, 2500)},
}
