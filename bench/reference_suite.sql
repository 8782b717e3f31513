-- The full KPI suite, monthly, written by hand from /work/shared/DATA_AND_KPIS.md.
--
-- Run with the session TimeZone set to the workspace time zone: CAST(instant AS DATE) is then
-- the local day, and a TIMESTAMPTZ literal without an offset is local midnight.
-- Parameters (bench/reference.py fills them in):
--   ${first} .. ${last}  the window of local days (inclusive), ${first} the 1st of a month
--   ${previous}          the 1st of the month before (revenue growth reads the month before)
--   ${after}             the day after ${last}
-- Channels: own column for spend, sessions, leads, e-mail; the customer's acquisition channel
-- for orders and NPS; the lead's channel, else the customer's, for deals. A missing channel is
-- grouped as '∅'. Sums and counts over no facts are 0; ratios with a zero denominator are null.

CREATE OR REPLACE TEMP MACRO month_of(day) AS CAST(date_trunc('month', CAST(day AS DATE)) AS DATE);
CREATE OR REPLACE TEMP MACRO ratio(a, b) AS CAST(a AS DOUBLE) / nullif(CAST(b AS DOUBLE), 0);

-- 1) Every KPI with a channel dimension, by channel ------------------------------------------
WITH
months AS (  -- ${previous} .. the month of ${last}
    SELECT CAST(m AS DATE) AS p
    FROM range(TIMESTAMP '${previous}', TIMESTAMP '${after}', INTERVAL 1 MONTH) t(m)
),
spend_m AS (
    SELECT month_of(date) AS p, coalesce(channel, '∅') AS ch,
           sum(cost) AS spend, sum(impressions) AS impressions, sum(clicks) AS clicks
    FROM spend
    WHERE date BETWEEN DATE '${first}' AND DATE '${last}'
    GROUP BY ALL
),
sessions_m AS (
    SELECT month_of(started_at) AS p, coalesce(channel, '∅') AS ch,
           count(*) AS sessions, count(DISTINCT visitor_id) AS visitors
    FROM sessions
    WHERE started_at >= TIMESTAMPTZ '${first}' AND started_at < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
lead_events AS (  -- one row per funnel step a lead took: created, MQL, SQL
    SELECT 'lead' AS step, created_at AS moment, channel FROM leads
    UNION ALL SELECT 'mql', mql_at, channel FROM leads WHERE mql_at IS NOT NULL
    UNION ALL SELECT 'sql', sql_at, channel FROM leads WHERE sql_at IS NOT NULL
),
leads_m AS (
    SELECT month_of(moment) AS p, coalesce(channel, '∅') AS ch,
           count(*) FILTER (step = 'lead') AS leads,
           count(*) FILTER (step = 'mql') AS mqls,
           count(*) FILTER (step = 'sql') AS sqls
    FROM lead_events
    WHERE moment >= TIMESTAMPTZ '${first}' AND moment < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
customer_moves AS (  -- +1 when acquired, -1 when churned, per month, up to ${last}
    SELECT month_of(acquired_at) AS p, coalesce(channel, '∅') AS ch, count(*) AS delta
    FROM customers WHERE acquired_at < TIMESTAMPTZ '${after}' GROUP BY ALL
    UNION ALL
    SELECT month_of(churned_at), coalesce(channel, '∅'), -count(*)
    FROM customers WHERE churned_at < TIMESTAMPTZ '${after}' GROUP BY ALL
),
customers_m AS (  -- flows in the month, and the stock at its end and at its start
    SELECT s.p, m.ch,
           sum(m.delta) FILTER (m.p = s.p AND m.delta > 0) AS new_customers,
           -sum(m.delta) FILTER (m.p = s.p AND m.delta < 0) AS churned,
           sum(m.delta) AS active_end,
           sum(m.delta) FILTER (m.p < s.p) AS active_start
    FROM months s JOIN customer_moves m ON m.p <= s.p
    WHERE s.p >= DATE '${first}'
    GROUP BY ALL
),
orders_m AS (  -- attributed to the customer's acquisition channel; one month more for growth
    SELECT month_of(o.ordered_at) AS p, coalesce(c.channel, '∅') AS ch,
           sum(o.amount) AS revenue, count(*) FILTER (o.amount > 0) AS orders,
           sum(o.cost) AS cogs
    FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id
    WHERE o.ordered_at >= TIMESTAMPTZ '${previous}' AND o.ordered_at < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
nps_m AS (
    SELECT month_of(r.responded_at) AS p, coalesce(c.channel, '∅') AS ch,
           count(*) FILTER (r.score >= 9) AS promoters,
           count(*) FILTER (r.score <= 6) AS detractors,
           count(*) AS responses
    FROM nps_responses r LEFT JOIN customers c ON c.customer_id = r.customer_id
    WHERE r.responded_at >= TIMESTAMPTZ '${first}' AND r.responded_at < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
email_m AS (  -- distinct (e-mail campaign, recipient) pairs per event kind
    SELECT p, ch,
           count(*) FILTER (event = 'delivered') AS delivered,
           count(*) FILTER (event = 'open') AS opened,
           count(*) FILTER (event = 'click') AS clicked
    FROM (
        SELECT DISTINCT month_of(occurred_at) AS p, coalesce(channel, '∅') AS ch, event,
                        email_campaign, recipient_id
        FROM email_events
        WHERE event IN ('delivered', 'open', 'click')
          AND occurred_at >= TIMESTAMPTZ '${first}' AND occurred_at < TIMESTAMPTZ '${after}'
    )
    GROUP BY ALL
),
deals_c AS (  -- deals with the lead's channel, else the customer's
    SELECT d.created_at, d.closed_at, d.status, coalesce(d.amount, 0) AS amount,
           coalesce(l.channel, c.channel, '∅') AS ch
    FROM deals d
    LEFT JOIN leads l ON l.lead_id = d.lead_id
    LEFT JOIN customers c ON c.customer_id = d.customer_id
),
closed_m AS (
    SELECT month_of(closed_at) AS p, ch,
           count(*) FILTER (status = 'won') AS won,
           count(*) FILTER (status IN ('won', 'lost')) AS closed,
           sum((epoch_us(closed_at) - epoch_us(created_at)) / 86400e6)
               FILTER (status = 'won') AS won_days
    FROM deals_c
    WHERE closed_at >= TIMESTAMPTZ '${first}' AND closed_at < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
pipeline_moves AS (  -- +amount when created, -amount when closed, per month, up to ${last}
    SELECT month_of(created_at) AS p, ch, sum(amount) AS delta
    FROM deals_c WHERE created_at < TIMESTAMPTZ '${after}' GROUP BY ALL
    UNION ALL
    SELECT month_of(closed_at), ch, -sum(amount)
    FROM deals_c WHERE closed_at < TIMESTAMPTZ '${after}' GROUP BY ALL
),
pipeline_m AS (
    SELECT s.p, m.ch, sum(m.delta) AS pipeline
    FROM months s JOIN pipeline_moves m ON m.p <= s.p
    WHERE s.p >= DATE '${first}'
    GROUP BY ALL
),
channels AS (  -- every channel with facts in the window, or in a stock up to its end
    SELECT ch FROM spend_m UNION SELECT ch FROM sessions_m UNION SELECT ch FROM leads_m
    UNION SELECT ch FROM customer_moves UNION SELECT ch FROM orders_m WHERE p >= DATE '${first}'
    UNION SELECT ch FROM nps_m UNION SELECT ch FROM email_m UNION SELECT ch FROM closed_m
    UNION SELECT ch FROM pipeline_moves
),
base AS (
    SELECT g.p, g.ch,
           coalesce(sp.spend, 0) AS spend, coalesce(sp.impressions, 0) AS impressions,
           coalesce(sp.clicks, 0) AS clicks,
           coalesce(se.sessions, 0) AS sessions, coalesce(se.visitors, 0) AS visitors,
           coalesce(le.leads, 0) AS leads, coalesce(le.mqls, 0) AS mqls,
           coalesce(le.sqls, 0) AS sqls,
           coalesce(cu.new_customers, 0) AS new_customers, coalesce(cu.churned, 0) AS churned,
           coalesce(cu.active_end, 0) AS active_end,
           coalesce(cu.active_start, 0) AS active_start,
           coalesce(o.revenue, 0) AS revenue, coalesce(o.orders, 0) AS orders,
           coalesce(o.cogs, 0) AS cogs,
           coalesce(n.promoters, 0) AS promoters, coalesce(n.detractors, 0) AS detractors,
           coalesce(n.responses, 0) AS responses,
           coalesce(e.delivered, 0) AS delivered, coalesce(e.opened, 0) AS opened,
           coalesce(e.clicked, 0) AS clicked,
           coalesce(cl.won, 0) AS won, coalesce(cl.closed, 0) AS closed,
           coalesce(cl.won_days, 0) AS won_days,
           coalesce(pi.pipeline, 0) AS pipeline
    FROM (SELECT p, ch FROM months, channels) g
    LEFT JOIN spend_m sp USING (p, ch)
    LEFT JOIN sessions_m se USING (p, ch)
    LEFT JOIN leads_m le USING (p, ch)
    LEFT JOIN customers_m cu USING (p, ch)
    LEFT JOIN orders_m o USING (p, ch)
    LEFT JOIN nps_m n USING (p, ch)
    LEFT JOIN email_m e USING (p, ch)
    LEFT JOIN closed_m cl USING (p, ch)
    LEFT JOIN pipeline_m pi USING (p, ch)
),
rates AS (
    SELECT *,
           ratio(spend, new_customers) AS cac,
           ratio(churned, active_start) AS churn_rate,
           ratio(revenue, active_end) AS arpu,
           ratio(revenue, lag(revenue) OVER (PARTITION BY ch ORDER BY p)) - 1 AS revenue_growth
    FROM base
)
SELECT p AS period, nullif(ch, '∅') AS channel,
       CAST(spend AS DOUBLE) AS marketing_spend,
       sessions,
       visitors AS unique_visitors,
       impressions AS ad_impressions,
       ratio(clicks, impressions) AS ad_ctr,
       leads, mqls, sqls,
       ratio(spend, leads) AS cost_per_lead,
       ratio(leads, sessions) AS visit_to_lead_rate,
       ratio(new_customers, leads) AS lead_to_customer_rate,
       cac,
       new_customers,
       active_end AS active_customers,
       churned AS churned_customers,
       churn_rate,
       1 - churn_rate AS retention_rate,
       arpu,
       ratio(arpu, churn_rate) AS clv,
       ratio(ratio(arpu, churn_rate), cac) AS ltv_cac_ratio,
       ratio(100 * (promoters - detractors), responses) AS nps,
       ratio(opened, delivered) AS email_open_rate,
       ratio(clicked, delivered) AS email_click_rate,
       CAST(revenue AS DOUBLE) AS sales_revenue,
       orders,
       ratio(revenue, orders) AS average_order_value,
       revenue_growth,
       ratio(revenue - cogs, revenue) AS gross_margin,
       ratio(revenue - spend, spend) AS romi,
       ratio(won, closed) AS win_rate,
       CAST(pipeline AS DOUBLE) AS pipeline_value,
       ratio(won_days, won) AS sales_cycle_days
FROM rates
WHERE p >= DATE '${first}'
ORDER BY period, channel;

-- 2) The KPIs without a channel dimension, overall --------------------------------------------
WITH
months AS (
    SELECT CAST(m AS DATE) AS p
    FROM range(TIMESTAMP '${first}', TIMESTAMP '${after}', INTERVAL 1 MONTH) t(m)
),
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range(TIMESTAMP '${first}', TIMESTAMP '${after}', INTERVAL 1 DAY) t(d)
),
-- Period tables (finance, market, HR): each row spread evenly over the days it covers; sums
-- pro rata by days, levels averaged over the covered days of the month.
financials_m AS (
    SELECT month_of(day) AS p,
           sum(revenue / n) AS revenue, sum(net_profit / n) AS net_profit,
           sum(operating_profit / n) AS operating_profit,
           avg(capital_employed) AS capital_employed
    FROM (SELECT period_start, period_end, period_end - period_start + 1 AS n,
                 CAST(revenue AS DOUBLE) AS revenue, CAST(net_profit AS DOUBLE) AS net_profit,
                 CAST(operating_profit AS DOUBLE) AS operating_profit,
                 CAST(capital_employed AS DOUBLE) AS capital_employed FROM financials) f
    JOIN days ON day BETWEEN period_start AND period_end
    GROUP BY ALL
),
market_m AS (
    SELECT month_of(day) AS p,
           sum(CAST(market_revenue AS DOUBLE) / (period_end - period_start + 1)) AS market
    FROM market JOIN days ON day BETWEEN period_start AND period_end
    GROUP BY ALL
),
hr_m AS (
    SELECT month_of(day) AS p,
           sum(leavers / (period_end - period_start + 1)) AS leavers,
           avg(headcount_start) AS headcount_start, avg(headcount_end) AS headcount_end,
           avg(enps) AS enps
    FROM hr JOIN days ON day BETWEEN period_start AND period_end
    GROUP BY ALL
),
revenue_m AS (
    SELECT month_of(ordered_at) AS p, sum(amount) AS revenue
    FROM orders
    WHERE ordered_at >= TIMESTAMPTZ '${first}' AND ordered_at < TIMESTAMPTZ '${after}'
    GROUP BY ALL
),
social_m AS (
    SELECT month_of(date) AS p,
           sum(engagements) AS engagements, sum(impressions) AS impressions,
           sum(reach) AS reach, sum(positive_mentions) AS positive,
           sum(neutral_mentions) AS neutral, sum(negative_mentions) AS negative
    FROM social WHERE date BETWEEN DATE '${first}' AND DATE '${last}'
    GROUP BY ALL
),
surveys_m AS (
    SELECT month_of(date) AS p, sum(aware_aided) AS aided, sum(respondents) AS respondents
    FROM brand_surveys WHERE date BETWEEN DATE '${first}' AND DATE '${last}'
    GROUP BY ALL
)
SELECT m.p AS period,
       ratio(coalesce(f.net_profit, 0), coalesce(f.revenue, 0)) AS profit_margin,
       ratio(coalesce(f.operating_profit, 0), f.capital_employed) AS return_on_capital,
       ratio(coalesce(r.revenue, 0), coalesce(k.market, 0)) AS market_share,
       ratio(coalesce(h.leavers, 0), (h.headcount_start + h.headcount_end) / 2)
           AS employee_turnover,
       h.enps AS employee_engagement,
       ratio(coalesce(s.engagements, 0), coalesce(s.impressions, 0)) AS engagement_rate,
       ratio(coalesce(s.positive, 0) - coalesce(s.negative, 0),
             coalesce(s.positive, 0) + coalesce(s.neutral, 0) + coalesce(s.negative, 0))
           AS net_sentiment,
       CAST(coalesce(s.reach, 0) AS DOUBLE) AS social_reach,
       ratio(coalesce(b.aided, 0), coalesce(b.respondents, 0)) AS brand_awareness
FROM months m
LEFT JOIN financials_m f USING (p)
LEFT JOIN market_m k USING (p)
LEFT JOIN hr_m h USING (p)
LEFT JOIN revenue_m r USING (p)
LEFT JOIN social_m s USING (p)
LEFT JOIN surveys_m b USING (p)
ORDER BY period;
